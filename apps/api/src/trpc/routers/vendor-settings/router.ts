import type { TRPCRouterRecord } from "@trpc/server";
import { clearGatewayCredentialsProcedure } from "./clear-gateway-credentials";
import { getSettingsProcedure } from "./get-settings";
import { setGatewayCredentialsProcedure } from "./set-gateway-credentials";
import { updateSettingsProcedure } from "./update-settings";

export const vendorSettingsRouter = {
  get: getSettingsProcedure,
  update: updateSettingsProcedure,
  setGatewayCredentials: setGatewayCredentialsProcedure,
  clearGatewayCredentials: clearGatewayCredentialsProcedure,
} satisfies TRPCRouterRecord;
