import type { TRPCRouterRecord } from "@trpc/server";
import { archivePlanProcedure } from "./archive-plan";
import { archiveProductProcedure } from "./archive-product";
import { createPlanProcedure } from "./create-plan";
import { createProductProcedure } from "./create-product";
import { getPlanProcedure } from "./get-plan";
import { getProductProcedure } from "./get-product";
import { getProductImageProcedure } from "./get-product-image";
import { listPlansProcedure } from "./list-plans";
import { listProductsProcedure } from "./list-products";
import { removeProductImageProcedure } from "./remove-product-image";
import { restorePlanProcedure } from "./restore-plan";
import { restoreProductProcedure } from "./restore-product";
import { setPlanPriceProcedure } from "./set-plan-price";
import { setProductImageProcedure } from "./set-product-image";
import { updatePlanProcedure } from "./update-plan";
import { updateProductProcedure } from "./update-product";

/** Software, add-ons, license packages and plans. Archive, never delete. */
export const catalogRouter = {
  listProducts: listProductsProcedure,
  getProduct: getProductProcedure,
  createProduct: createProductProcedure,
  updateProduct: updateProductProcedure,
  archiveProduct: archiveProductProcedure,
  restoreProduct: restoreProductProcedure,
  getProductImage: getProductImageProcedure,
  setProductImage: setProductImageProcedure,
  removeProductImage: removeProductImageProcedure,
  listPlans: listPlansProcedure,
  getPlan: getPlanProcedure,
  createPlan: createPlanProcedure,
  updatePlan: updatePlanProcedure,
  setPlanPrice: setPlanPriceProcedure,
  archivePlan: archivePlanProcedure,
  restorePlan: restorePlanProcedure,
} satisfies TRPCRouterRecord;
