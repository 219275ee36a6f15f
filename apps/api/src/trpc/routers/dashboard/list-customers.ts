import { listCustomers } from "@keyway/core";
import { CustomerPage, ListCustomersInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const listCustomersProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/customers",
      tags: ["customers"],
      summary: "List customers",
      description:
        "Newest first, each with how many licenses and paid orders they have. `query` matches part of an email, phone or name, or a customer's id. Pass `nextCursor` as `cursor` for the next page.",
      errorResponses: { 400: "Invalid query, limit or cursor", 401: "Missing or invalid API credentials" },
    },
  })
  .input(ListCustomersInput)
  .output(CustomerPage)
  .query(({ ctx, input }) => listCustomers(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));
