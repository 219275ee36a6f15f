import { listMessageTemplates } from "@keyway/core";
import { EmptyInput, MessageTemplateList } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const listMessageTemplatesProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/message-templates",
      tags: ["messages"],
      summary: "List the customer message templates",
      description:
        "Every kind of message customers get (the purchase with its license keys, renewal, failed or cancelled payment, refund, license moved, key reissued, and the reminders): whether it is sent, the store's own words if saved, the built-in words, and the `{{placeholder}}`s it may use.",
      errorResponses: { 401: "Missing or invalid API credentials" },
    },
  })
  .input(EmptyInput)
  .output(MessageTemplateList)
  .query(({ ctx }) => listMessageTemplates(ctx.db, { vendorId: ctx.vendor.vendorId }));
