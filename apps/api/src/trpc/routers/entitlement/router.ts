import type { TRPCRouterRecord } from "@trpc/server";
import { attachLicenseEntitlementProcedure } from "./attach-license-entitlement";
import { attachPlanEntitlementProcedure } from "./attach-plan-entitlement";
import { attachProductEntitlementProcedure } from "./attach-product-entitlement";
import { createEntitlementProcedure } from "./create-entitlement";
import { deleteEntitlementProcedure } from "./delete-entitlement";
import { detachLicenseEntitlementProcedure } from "./detach-license-entitlement";
import { detachPlanEntitlementProcedure } from "./detach-plan-entitlement";
import { detachProductEntitlementProcedure } from "./detach-product-entitlement";
import { getEntitlementProcedure } from "./get-entitlement";
import { listEntitlementsProcedure } from "./list-entitlements";
import { listLicenseEntitlementsProcedure } from "./list-license-entitlements";
import { updateEntitlementProcedure } from "./update-entitlement";

export const entitlementRouter = {
  list: listEntitlementsProcedure,
  create: createEntitlementProcedure,
  get: getEntitlementProcedure,
  update: updateEntitlementProcedure,
  delete: deleteEntitlementProcedure,
  attachToProduct: attachProductEntitlementProcedure,
  detachFromProduct: detachProductEntitlementProcedure,
  attachToPlan: attachPlanEntitlementProcedure,
  detachFromPlan: detachPlanEntitlementProcedure,
  licenseGrants: listLicenseEntitlementsProcedure,
  attachToLicense: attachLicenseEntitlementProcedure,
  detachFromLicense: detachLicenseEntitlementProcedure,
} satisfies TRPCRouterRecord;
