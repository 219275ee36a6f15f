import { listMyLicenseEvents } from "@keyway/core";
import { LicenseIdInput } from "@keyway/schema";
import { customerProcedure } from "../../procedures";

export const listLicenseEventsProcedure = customerProcedure
  .input(LicenseIdInput)
  .query(({ ctx, input }) => listMyLicenseEvents(ctx.db, ctx.customer, input));
