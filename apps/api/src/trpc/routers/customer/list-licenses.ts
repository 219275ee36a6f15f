import { listMyLicenses } from "@keyway/core";
import { CustomerLicenseList } from "@keyway/schema";
import { customerProcedure } from "../../procedures";

export const listLicensesProcedure = customerProcedure
  .output(CustomerLicenseList)
  .query(({ ctx }) => listMyLicenses(ctx.db, ctx.customer));
