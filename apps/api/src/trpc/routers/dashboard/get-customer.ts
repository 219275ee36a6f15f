import { getCustomer } from "@keyway/core";
import { CustomerDetail, CustomerIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const getCustomerProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/customers/{customerId}",
      tags: ["customers"],
      summary: "Get a customer with their licenses and orders",
      description:
        "Licenses and orders come newest first, the first 100 of each; when there are more, `nextCursor` continues `GET /licenses?customerId=…` or `GET /orders?customerId=…` as `cursor`.",
      errorResponses: { 401: "Missing or invalid API credentials", 404: "No such customer for this vendor" },
    },
  })
  .input(CustomerIdInput)
  .output(CustomerDetail)
  .query(({ ctx, input }) =>
    getCustomer(ctx.db, { vendorId: ctx.vendor.vendorId, customerId: input.customerId }),
  );
