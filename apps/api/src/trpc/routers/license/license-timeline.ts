import { licenseTimeline } from "@keyway/core";
import { LicenseTimelinePage, ListLicenseEventsInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

/** The console's timeline: the events of `listEvents`, each also in words with who did it. */
export const licenseTimelineProcedure = vendorProcedure
  .input(ListLicenseEventsInput)
  .output(LicenseTimelinePage)
  .query(({ ctx, input }) => licenseTimeline(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));
