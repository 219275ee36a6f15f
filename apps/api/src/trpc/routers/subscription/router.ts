import type { TRPCRouterRecord } from "@trpc/server";
import { cancelSubscriptionProcedure } from "./cancel-subscription";
import { createSubscriptionProcedure } from "./create-subscription";
import { resumeSubscriptionProcedure } from "./resume-subscription";

/** A new subscription is an order for a plan (`create`); the others change one. */
export const subscriptionRouter = {
  create: createSubscriptionProcedure,
  cancel: cancelSubscriptionProcedure,
  resume: resumeSubscriptionProcedure,
} satisfies TRPCRouterRecord;
