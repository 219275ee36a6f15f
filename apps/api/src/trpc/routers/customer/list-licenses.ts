import { listMyLicenses } from "@keyway/core";
import { customerProcedure } from "../../procedures";

export const listLicensesProcedure = customerProcedure.query(({ ctx }) =>
  listMyLicenses(ctx.db, ctx.customer),
);
