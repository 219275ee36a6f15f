import type { TRPCRouterRecord } from "@trpc/server";
import { listCustomerMessagesProcedure } from "./list-customer-messages";
import { listMessageTemplatesProcedure } from "./list-message-templates";
import { previewMessageTemplateProcedure } from "./preview-message-template";
import { resendPurchaseMessageProcedure } from "./resend-purchase-message";
import { saveMessageTemplateProcedure } from "./save-message-template";

/** Customer messages: the vendor's templates, the message log, resending a purchase message. */
export const messageRouter = {
  templates: listMessageTemplatesProcedure,
  saveTemplate: saveMessageTemplateProcedure,
  previewTemplate: previewMessageTemplateProcedure,
  list: listCustomerMessagesProcedure,
  resendPurchase: resendPurchaseMessageProcedure,
} satisfies TRPCRouterRecord;
