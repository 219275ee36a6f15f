import { listMyLicenseEvents } from "@keyway/core";
import { LicenseEventList, LicenseIdInput } from "@keyway/schema";
import { customerProcedure } from "../../procedures";

export const listLicenseEventsProcedure = customerProcedure
  .input(LicenseIdInput)
  .output(LicenseEventList)
  .query(({ ctx, input }) => listMyLicenseEvents(ctx.db, ctx.customer, input));
