import { listCustomerMessagePage } from "@keyway/core";
import { CustomerMessagePage, ListCustomerMessagesInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const listCustomerMessagesProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/messages",
      tags: ["messages"],
      summary: "List the messages sent to customers",
      description:
        "Newest first, a page of `limit` (default 50) at a time (pass `nextCursor` as `cursor`): what was sent, when, to which address, and whether it was sent, is still being tried (`pending`, with the last error) or failed for good (`failed`, and why). Filter by customer, license or status.",
      errorResponses: { 400: "Invalid filter", 401: "Missing or invalid API credentials" },
    },
  })
  .input(ListCustomerMessagesInput)
  .output(CustomerMessagePage)
  .query(({ ctx, input }) => listCustomerMessagePage(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));
