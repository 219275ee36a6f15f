import { updateVendorSettings } from "@keyway/core";
import { UpdateVendorSettingsInput, VendorSettings } from "@keyway/schema";
import { ownerOrCredentialProcedure } from "../../procedures";

export const updateSettingsProcedure = ownerOrCredentialProcedure
  .meta({
    openapi: {
      method: "PATCH",
      path: "/settings",
      tags: ["settings"],
      summary: "Update the store's settings",
      description:
        "The fields given change. A gateway becomes the default only once its credentials are stored (in the console). Changing `brandUrl` changes the `Brand-URL` JFramework callers send.",
      errorResponses: {
        400: "Invalid input: an unknown time zone, reminder offsets out of range, or a default gateway without credentials",
        401: "Missing or invalid API credentials",
        403: "A member's console session: only an owner (or an API credential) changes settings",
        409: "Another vendor already uses this brand URL",
      },
    },
  })
  .input(UpdateVendorSettingsInput)
  .output(VendorSettings)
  .mutation(({ ctx, input }) =>
    updateVendorSettings(ctx.db, { ...input, vendorId: ctx.vendor.vendorId, secrets: ctx.secrets }),
  );
