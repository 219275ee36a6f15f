import type { TRPCRouterRecord } from "@trpc/server";
import { cancelSubscriptionProcedure } from "./cancel-subscription";
import { resumeSubscriptionProcedure } from "./resume-subscription";

/** New subscriptions are orders (`order.create` with a subscription item); these change one. */
export const subscriptionRouter = {
  cancel: cancelSubscriptionProcedure,
  resume: resumeSubscriptionProcedure,
} satisfies TRPCRouterRecord;
