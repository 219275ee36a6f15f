import { saveMessageTemplate } from "@keyway/core";
import { MessageTemplate, SaveMessageTemplateInput } from "@keyway/schema";
import { ownerOrCredentialProcedure } from "../../procedures";

/** As the store's other settings: an owner's console session or an API credential. */
export const saveMessageTemplateProcedure = ownerOrCredentialProcedure
  .meta({
    openapi: {
      method: "PUT",
      path: "/message-templates/{kind}",
      tags: ["messages"],
      summary: "Change a customer message template, or turn it on or off",
      description:
        "The fields given change; a part set to null goes back to the built-in words. Subject and bodies use the kind's `{{placeholder}}`s (and `{{#name}}…{{/name}}` for words shown only when `name` has a value): an unknown placeholder or an unclosed `{{` is refused, naming the field and the placeholder. `enabled: false` stops this kind of message.",
      errorResponses: {
        400: "An unknown kind, an unknown placeholder or a malformed template (the message names the field)",
        401: "Missing or invalid API credentials",
        403: "A member's console session: only an owner (or an API credential) changes messages",
      },
    },
  })
  .input(SaveMessageTemplateInput)
  .output(MessageTemplate)
  .mutation(({ ctx, input }) => saveMessageTemplate(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));
