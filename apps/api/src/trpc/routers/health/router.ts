import type { TRPCRouterRecord } from "@trpc/server";
import { getHealth } from "./get-health";

export const healthRouter = {
  get: getHealth,
} satisfies TRPCRouterRecord;
