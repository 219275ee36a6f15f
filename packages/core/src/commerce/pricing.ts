import type { BindingKind, DurationUnit, planPrices, products } from "@keyway/db";
import { normaliseBinding } from "@keyway/schema";
import type { LicenseProduct } from "../licensing/issue-license";
import { checkLicenseAction } from "../licensing/license-actions";
import { checkRenewable } from "../licensing/renewability";
import { addDuration } from "../shared/duration";
import { DomainError } from "../shared/errors";
import type { CatalogItem } from "./read-item";

/** The term paying grants: a duration, or null for perpetual. */
export interface Term {
  durationValue: number | null;
  durationUnit: DurationUnit | null;
}

/** What an item costs and what paying it grants, priced once: the order stores it, fulfilment grants it. */
export interface PricedItem extends Term {
  kind: "addon" | "subscription" | "package" | "renewal";
  productId: string;
  productName: string;
  productSlug: string;
  planId: string | null;
  billingCycle: "monthly" | "yearly" | "custom" | null;
  amount: number;
  currency: string;
  quantity: number;
  /** The license renewed. */
  licenseId: string | null;
  /** What the buyer binds the license to, as sent, and normalised (with the text to show). */
  bindingValue: string | null;
  binding: { value: string; label: string } | null;
  /** A package's validity window. */
  startsAt: Date | null;
  endsAt: Date | null;
  /** The product a reserved license copies (add-on, subscription). */
  licenseProduct: LicenseProduct | null;
}

export interface RenewalPrice {
  billingCycle: "monthly" | "yearly" | "custom";
  amount: number;
  currency: string;
  durationValue: number;
  durationUnit: DurationUnit;
}

const unbound = {
  planId: null,
  billingCycle: null,
  quantity: 1,
  licenseId: null,
  bindingValue: null,
  binding: null,
  startsAt: null,
  endsAt: null,
} as const;

/** Who asks for the item, where that changes what may be bought. */
export interface PricingContext {
  /**
   * The scheduler opening a subscription's own renewal order: the subscription renewing the
   * license is the point, so only the license's state is checked.
   */
  subscriptionRenewal?: boolean | undefined;
}

/** Prices an item the catalog holds: amount, currency and term, or why it cannot be bought. */
export function priceItem(found: CatalogItem, context: PricingContext = {}): PricedItem {
  switch (found.kind) {
    case "addon": {
      const { item, product } = found;
      if (product.price === null || !product.currency) {
        throw new DomainError("invalid_input", `Add-on ${item.productNumber} is not for sale on its own.`);
      }
      return {
        ...unbound,
        kind: "addon",
        productId: product.id,
        productName: product.name,
        productSlug: product.slug,
        amount: product.price,
        currency: product.currency,
        durationValue: product.durationValue,
        durationUnit: product.durationUnit,
        bindingValue: item.serialNo,
        binding: bindingFor(product.bindingKind, item.serialNo),
        licenseProduct: product,
      };
    }
    case "subscription": {
      const { item, plan, product, price } = found;
      if (!price) {
        throw new DomainError(
          "invalid_input",
          `Plan ${item.planNumber} has no ${item.billingCycle} billing cycle.`,
        );
      }
      return {
        ...unbound,
        kind: "subscription",
        productId: product.id,
        productName: `${product.name} — ${plan.name}`,
        productSlug: product.slug,
        planId: plan.id,
        billingCycle: item.billingCycle,
        amount: price.amount,
        currency: price.currency,
        durationValue: price.durationValue,
        durationUnit: price.durationUnit,
        bindingValue: item.binding ?? null,
        binding: item.binding ? bindingFor(product.bindingKind, item.binding) : null,
        licenseProduct: product,
      };
    }
    case "package": {
      const { item, plan, product, price } = found;
      if (!price) throw new DomainError("invalid_input", "The subscription type has no price.");
      const startsAt = new Date(item.startDate);
      const endsAt = new Date(item.endDate);
      if (!(endsAt > startsAt)) throw new DomainError("invalid_input", "endDate must be after startDate.");
      // Charged per started cycle of the subscription type, per license. Each cycle is counted
      // from the start (30 Nov + 3 months = 28 Feb, + 6 months = 30 May), so a month clamped at
      // February does not shift the later ones and bill an extra cycle.
      let cycles = 1;
      while (
        cycles < 1200 &&
        addDuration(startsAt, price.durationValue * cycles, price.durationUnit) < endsAt
      )
        cycles++;
      return {
        ...unbound,
        kind: "package",
        productId: product.id,
        productName: `${product.name} — ${plan.name}`,
        productSlug: product.slug,
        planId: plan.id,
        billingCycle: price.billingCycle,
        amount: price.amount * cycles * item.quantity,
        currency: price.currency,
        quantity: item.quantity,
        durationValue: price.durationValue,
        durationUnit: price.durationUnit,
        startsAt,
        endsAt,
        licenseProduct: null,
      };
    }
    case "renewal": {
      const { item, license, product, prices } = found;
      if (context.subscriptionRenewal) checkLicenseAction("renew", license.status);
      else checkRenewable(license, found.subscription);
      const options = renewalOptions(license, product, prices);
      const wanted = item.billingCycle ?? cycleOf(license.durationUnit);
      const option = options.find((o) => o.billingCycle === wanted) ?? options[0];
      if (!option) throw new DomainError("invalid_input", "This license cannot be renewed online.");
      return {
        ...unbound,
        kind: "renewal",
        productId: product.id,
        productName: product.name,
        productSlug: product.slug,
        planId: license.planId,
        billingCycle: option.billingCycle,
        amount: option.amount,
        currency: option.currency,
        durationValue: option.durationValue,
        durationUnit: option.durationUnit,
        licenseId: license.id,
        licenseProduct: null,
      };
    }
  }
}

/**
 * A license renews at its plan's prices on sale (cheapest first), or at its product's one-off
 * price and duration.
 */
export function renewalOptions(
  license: { planId: string | null },
  product: Pick<typeof products.$inferSelect, "price" | "currency" | "durationValue" | "durationUnit">,
  activePlanPrices: readonly (typeof planPrices.$inferSelect)[],
): RenewalPrice[] {
  if (license.planId) {
    return activePlanPrices
      .map((p) => ({
        billingCycle: p.billingCycle,
        amount: p.amount,
        currency: p.currency,
        durationValue: p.durationValue,
        durationUnit: p.durationUnit,
      }))
      .sort((a, b) => a.amount - b.amount);
  }
  if (product.price !== null && product.currency && product.durationValue && product.durationUnit) {
    return [
      {
        billingCycle: cycleOf(product.durationUnit) ?? "custom",
        amount: product.price,
        currency: product.currency,
        durationValue: product.durationValue,
        durationUnit: product.durationUnit,
      },
    ];
  }
  return [];
}

function cycleOf(unit: DurationUnit | null): "monthly" | "yearly" | undefined {
  return unit === "month" ? "monthly" : unit === "year" ? "yearly" : undefined;
}

function bindingFor(kind: BindingKind, input: string): { value: string; label: string } {
  const n = normaliseBinding(kind, input);
  if (!n.ok) {
    const what = kind === "serial" ? "serialNo is not a valid serial number" : `the ${kind} is not valid`;
    throw new DomainError("invalid_input", `${what} (${n.reason}).`);
  }
  return { value: n.value, label: input.trim() };
}
