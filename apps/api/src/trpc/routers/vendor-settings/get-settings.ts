import { getVendorSettings } from "@keyway/core";
import { NoInput, VendorSettings } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const getSettingsProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/settings",
      tags: ["settings"],
      summary: "Get the store's settings",
      description:
        "Name, brand URL, time zone, currency, default gateway, reminders, the license-signing public key, and which gateways have credentials stored (never the credentials themselves).",
      errorResponses: { 401: "Missing or invalid API credentials" },
    },
  })
  .input(NoInput)
  .output(VendorSettings)
  .query(({ ctx }) => getVendorSettings(ctx.db, { vendorId: ctx.vendor.vendorId, secrets: ctx.secrets }));
