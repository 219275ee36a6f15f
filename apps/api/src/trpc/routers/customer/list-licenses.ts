import { listMyLicenses } from "@keyway/core";
import { LicenseList } from "@keyway/schema";
import { customerProcedure } from "../../procedures";

export const listLicensesProcedure = customerProcedure
  .output(LicenseList)
  .query(({ ctx }) => listMyLicenses(ctx.db, ctx.customer));
