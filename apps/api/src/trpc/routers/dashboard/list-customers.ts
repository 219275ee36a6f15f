import { listCustomers } from "@keyway/core";
import { CustomerPage, ListCustomersInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const listCustomersProcedure = vendorProcedure
  .input(ListCustomersInput)
  .output(CustomerPage)
  .query(({ ctx, input }) => listCustomers(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));
