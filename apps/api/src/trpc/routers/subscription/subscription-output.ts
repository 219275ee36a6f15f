import { z } from "zod";

export const SubscriptionOutput = z.object({
  id: z.number().int(),
  status: z.string(),
  billingCycle: z.string(),
  licenseId: z.string().nullable(),
  currentPeriodEnd: z.string().nullable(),
  cancelAtPeriodEnd: z.boolean(),
});
