import { previewMessageTemplate } from "@keyway/core";
import { MessagePreview, PreviewMessageTemplateInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const previewMessageTemplateProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/message-templates/{kind}/preview",
      tags: ["messages"],
      summary: "Preview a customer message template",
      description:
        "Renders a draft with sample facts in the store's name, time zone and branding: the subject, the plain text, the HTML and the SMS. A part left out is the saved one; null is the built-in one. Nothing is saved or sent.",
      errorResponses: {
        400: "An unknown kind, an unknown placeholder or a malformed template (the message names the field)",
        401: "Missing or invalid API credentials",
      },
    },
  })
  .input(PreviewMessageTemplateInput)
  .output(MessagePreview)
  .mutation(({ ctx, input: { kind, ...draft } }) =>
    previewMessageTemplate(ctx.db, { vendorId: ctx.vendor.vendorId, kind, draft, now: new Date() }),
  );
