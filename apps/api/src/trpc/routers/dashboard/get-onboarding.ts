import { onboardingSteps } from "@keyway/core";
import { Onboarding } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

/** The console's first-steps checklist (core's `onboardingSteps`). */
export const getOnboardingProcedure = vendorProcedure
  .output(Onboarding)
  .query(({ ctx }) => onboardingSteps(ctx.db, { vendorId: ctx.vendor.vendorId }));
