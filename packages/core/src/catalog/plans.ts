import {
  and,
  asc,
  type Database,
  eq,
  inArray,
  isNull,
  planPrices,
  plans,
  products,
  type Transaction,
  vendors,
} from "@keyway/db";
import type {
  CreatePlanInput,
  ExpiryPolicyOverrides,
  Plan,
  PlanPrice,
  PlanPriceInput,
  SetPlanPriceInput,
  UpdatePlanInput,
} from "@keyway/schema";
import { withEntitlementCodes, withEntitlementCodesOf } from "../entitlements/holder-codes";
import { DomainError } from "../shared/errors";
import { isUniqueViolation } from "../shared/unique-violation";
import { assertAmount, samePlanName } from "./price-rules";
import { assertGracePeriodDays, findProduct } from "./products";

type PlanRow = typeof plans.$inferSelect;
type PriceRow = typeof planPrices.$inferSelect;

function priceView(p: PriceRow): PlanPrice {
  return {
    id: p.id,
    billingCycle: p.billingCycle,
    durationValue: p.durationValue,
    durationUnit: p.durationUnit,
    amount: p.amount,
    currency: p.currency,
    active: p.active,
  };
}

function planView(p: PlanRow, prices: PriceRow[]): Omit<Plan, "entitlements"> {
  const order = { monthly: 0, yearly: 1, custom: 2 };
  return {
    id: p.id,
    productId: p.productId,
    number: p.number,
    name: p.name,
    description: p.description,
    expiryStrategy: p.expiryStrategy,
    gracePeriodDays: p.gracePeriodDays,
    clockStartsAt: p.clockStartsAt,
    prices: prices
      .filter((x) => x.planId === p.id)
      .sort((a, b) => order[a.billingCycle] - order[b.billingCycle])
      .map(priceView),
    archivedAt: p.archivedAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
  };
}

/**
 * A plan's policy overrides that were given: null sets a field back to the product's, omitted
 * leaves it (null on creation).
 */
function policyOverridesOf(p: Partial<ExpiryPolicyOverrides>): Partial<ExpiryPolicyOverrides> {
  assertGracePeriodDays(p.gracePeriodDays);
  const set: Partial<ExpiryPolicyOverrides> = {};
  if (p.expiryStrategy !== undefined) set.expiryStrategy = p.expiryStrategy;
  if (p.gracePeriodDays !== undefined) set.gracePeriodDays = p.gracePeriodDays;
  if (p.clockStartsAt !== undefined) set.clockStartsAt = p.clockStartsAt;
  return set;
}

async function findPlan(db: Database | Transaction, vendorId: string, planId: string): Promise<PlanRow> {
  const [row] = await db
    .select()
    .from(plans)
    .where(and(eq(plans.id, planId), eq(plans.vendorId, vendorId)));
  if (!row) throw new DomainError("not_found", "Plan not found.");
  return row;
}

async function loadPlan(db: Database | Transaction, vendorId: string, planId: string): Promise<Plan> {
  const plan = await findPlan(db, vendorId, planId);
  const prices = await db.select().from(planPrices).where(eq(planPrices.planId, plan.id));
  return withEntitlementCodesOf(db, "plan", planView(plan, prices));
}

export async function listPlans(
  db: Database,
  params: { vendorId: string; productId?: string | undefined; includeArchived?: boolean | undefined },
): Promise<Plan[]> {
  const rows = await db
    .select()
    .from(plans)
    .where(
      and(
        eq(plans.vendorId, params.vendorId),
        params.productId ? eq(plans.productId, params.productId) : undefined,
        params.includeArchived ? undefined : isNull(plans.archivedAt),
      ),
    )
    .orderBy(asc(plans.number));
  if (rows.length === 0) return [];
  const prices = await db
    .select()
    .from(planPrices)
    .where(
      inArray(
        planPrices.planId,
        rows.map((r) => r.id),
      ),
    );
  return withEntitlementCodes(
    db,
    "plan",
    rows.map((r) => planView(r, prices)),
  );
}

export async function getPlan(db: Database, params: { vendorId: string; planId: string }): Promise<Plan> {
  return loadPlan(db, params.vendorId, params.planId);
}

function priceValues(vendorId: string, planId: string, p: PlanPriceInput, fallbackCurrency: string) {
  assertAmount(p.amount, "prices");
  const defaults = { monthly: [1, "month"], yearly: [1, "year"] } as const;
  const d = p.billingCycle === "custom" ? undefined : defaults[p.billingCycle];
  const durationValue = p.durationValue ?? d?.[0];
  const durationUnit = p.durationUnit ?? d?.[1];
  if (durationValue === undefined || durationUnit === undefined) {
    throw new DomainError("invalid_input", "A custom billing cycle needs a duration and a unit.", {
      field: "durationValue",
    });
  }
  return {
    vendorId,
    planId,
    billingCycle: p.billingCycle,
    durationValue,
    durationUnit,
    amount: p.amount,
    currency: p.currency ?? fallbackCurrency,
  };
}

/** A plan sells a software product (or license package) on a cycle; Biznoq calls it by `number`. */
export async function createPlan(
  db: Database,
  params: CreatePlanInput & { vendorId: string },
): Promise<Plan> {
  const cycles = params.prices.map((p) => p.billingCycle);
  if (new Set(cycles).size !== cycles.length) {
    throw new DomainError("invalid_input", "One price per billing cycle.", { field: "prices" });
  }
  return db.transaction(async (tx) => {
    const product = await findProduct(tx, params.vendorId, params.productId);
    if (product.kind === "addon") {
      throw new DomainError(
        "invalid_input",
        "Add-ons are sold one-off; plans belong to software or packages.",
        {
          field: "productId",
        },
      );
    }
    await assertPlanNameFree(tx, params.vendorId, product.id, params.name);
    const currency = product.currency ?? (await vendorCurrency(tx, params.vendorId));
    const [plan] = await tx
      .insert(plans)
      .values({
        vendorId: params.vendorId,
        productId: product.id,
        name: params.name,
        description: params.description ?? null,
        ...policyOverridesOf(params),
      })
      .returning();
    if (!plan) throw new DomainError("internal", "Plan insert returned nothing.");
    if (params.prices.length) {
      await tx
        .insert(planPrices)
        .values(params.prices.map((p) => priceValues(params.vendorId, plan.id, p, currency)));
    }
    return loadPlan(tx, params.vendorId, plan.id);
  });
}

/** Two plans of one product with one name would be one choice twice in the store (archived ones too: they come back). */
async function assertPlanNameFree(
  db: Database | Transaction,
  vendorId: string,
  productId: string,
  name: string,
  planId?: string,
) {
  const siblings = await db
    .select({ id: plans.id, name: plans.name })
    .from(plans)
    .where(and(eq(plans.vendorId, vendorId), eq(plans.productId, productId)));
  if (siblings.some((p) => p.id !== planId && samePlanName(p.name, name))) {
    throw new DomainError("conflict", `This product already has a plan named “${name.trim()}”.`, {
      field: "name",
    });
  }
}

async function vendorCurrency(tx: Transaction, vendorId: string): Promise<string> {
  const [v] = await tx.select({ currency: vendors.currency }).from(vendors).where(eq(vendors.id, vendorId));
  return v?.currency ?? "USD";
}

export async function updatePlan(
  db: Database,
  params: UpdatePlanInput & { vendorId: string },
): Promise<Plan> {
  const plan = await findPlan(db, params.vendorId, params.planId);
  const set: Partial<typeof plans.$inferInsert> = policyOverridesOf(params);
  if (params.name !== undefined) {
    await assertPlanNameFree(db, params.vendorId, plan.productId, params.name, plan.id);
    set.name = params.name;
  }
  if (params.description !== undefined) set.description = params.description;
  if (Object.keys(set).length) {
    await db
      .update(plans)
      .set(set)
      .where(and(eq(plans.id, plan.id), eq(plans.vendorId, params.vendorId)));
  }
  return loadPlan(db, params.vendorId, plan.id);
}

/**
 * Sets the price of one billing cycle (creating it, or changing it for new orders). A cycle is
 * switched off with `active: false`, never deleted: orders and subscriptions point at it.
 */
export async function setPlanPrice(
  db: Database,
  params: SetPlanPriceInput & { vendorId: string },
): Promise<Plan> {
  return db.transaction(async (tx) => {
    const plan = await findPlan(tx, params.vendorId, params.planId);
    const [product] = await tx
      .select({ currency: products.currency })
      .from(products)
      .where(eq(products.id, plan.productId));
    const values = priceValues(
      params.vendorId,
      plan.id,
      params,
      product?.currency ?? (await vendorCurrency(tx, params.vendorId)),
    );
    try {
      await tx
        .insert(planPrices)
        .values({ ...values, active: params.active })
        .onConflictDoUpdate({
          target: [planPrices.planId, planPrices.billingCycle],
          set: {
            durationValue: values.durationValue,
            durationUnit: values.durationUnit,
            amount: values.amount,
            currency: values.currency,
            active: params.active,
          },
        });
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError("conflict", "This price changed meanwhile; try again.");
      throw e;
    }
    return loadPlan(tx, params.vendorId, plan.id);
  });
}

export async function setPlanArchived(
  db: Database,
  params: { vendorId: string; planId: string; archived: boolean; now?: Date },
): Promise<Plan> {
  const plan = await findPlan(db, params.vendorId, params.planId);
  await db
    .update(plans)
    .set({ archivedAt: params.archived ? (plan.archivedAt ?? params.now ?? new Date()) : null })
    .where(and(eq(plans.id, plan.id), eq(plans.vendorId, params.vendorId)));
  return loadPlan(db, params.vendorId, plan.id);
}
