import {
  BindingKind,
  type CatalogProductKind,
  type ClockStartsAt,
  type CreateProductInput,
  DurationUnit,
  type ExpiryPolicy,
  type ExpiryPolicyOverrides,
  type ExpiryStrategy,
  inputFromMinor,
  KEY_SEPARATORS,
  type KeySeparator,
  minorFromDecimal,
  type Product,
  RefundLicenseAction,
} from "@keyway/schema";

/** The product form's values (what the inputs hold) and the one mapper to and from the API's shapes. */

export const bindingKinds = BindingKind.options;
/** Licenses are sold by the day or longer; hours exist for licenses issued by hand. */
export const durationUnits = DurationUnit.exclude(["hour"]).options;

export const kindLabel: Record<CatalogProductKind, string> = {
  software: "Software",
  addon: "Add-on",
  package: "License package",
};
export const bindingLabel: Record<BindingKind, string> = {
  domain: "Domain",
  serial: "Serial number",
  fingerprint: "Machine fingerprint",
};

export const expiryLabel: Record<ExpiryStrategy, string> = {
  restrict: "Refuse",
  maintain: "Keep working, marked expired",
};
export const clockLabel: Record<ClockStartsAt, string> = {
  purchase: "at purchase",
  first_activation: "at first activation",
};

/** What a refund does to a product's licenses, as its select offers it ("" = the rule by amount). */
export const refundActions = RefundLicenseAction.options;
export const onRefundLabel: Record<RefundLicenseAction | "", string> = {
  "": "Default: revoke on a full refund, keep on a partial one",
  revoke: "Revoke: the license stops working for good",
  suspend: "Suspend: the license stops working until reinstated",
  keep: "Keep: the license keeps working",
};

/** The expiry-policy inputs; "" = the product's (plans only). */
export interface PolicyFormValues {
  expiryStrategy: ExpiryStrategy | "";
  gracePeriodDays: string;
  clockStartsAt: ClockStartsAt | "";
}

/** A product's policy, or a plan's overrides (null: the product's), as the inputs hold them. */
export function policyFormValues(p?: {
  expiryStrategy: ExpiryStrategy | null;
  gracePeriodDays: number | null;
  clockStartsAt: ClockStartsAt | null;
}): PolicyFormValues {
  return {
    expiryStrategy: p?.expiryStrategy ?? "",
    gracePeriodDays:
      p?.gracePeriodDays === null || p?.gracePeriodDays === undefined ? "" : String(p.gracePeriodDays),
    clockStartsAt: p?.clockStartsAt ?? "",
  };
}

const wholeNumber = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : null);

const GRACE_ERROR = "“Grace period” is a whole number of days, 0 to 365.";
function graceDays(text: string): number | null | undefined {
  if (!text.trim()) return null;
  const days = wholeNumber(text);
  return days !== null && days <= 365 ? days : undefined;
}

/** A plan's overrides: each empty input follows the product's policy (null). */
export function planPolicy(f: PolicyFormValues): Mapped<ExpiryPolicyOverrides> {
  const days = graceDays(f.gracePeriodDays);
  if (days === undefined) return { ok: false, error: GRACE_ERROR };
  return {
    ok: true,
    value: {
      expiryStrategy: f.expiryStrategy || null,
      gracePeriodDays: days,
      clockStartsAt: f.clockStartsAt || null,
    },
  };
}

/** A product's policy: every field set (empty grace = none). */
function productPolicy(f: PolicyFormValues): Mapped<ExpiryPolicy> {
  const overrides = planPolicy(f);
  if (!overrides.ok) return overrides;
  return {
    ok: true,
    value: {
      expiryStrategy: overrides.value.expiryStrategy ?? "restrict",
      gracePeriodDays: overrides.value.gracePeriodDays ?? 0,
      clockStartsAt: overrides.value.clockStartsAt ?? "purchase",
    },
  };
}

/** "Refuse · 7 days' grace · at first activation": a policy in a table cell. */
export function policySummary(p: ExpiryPolicy): string {
  const grace = p.gracePeriodDays
    ? `${p.gracePeriodDays} day${p.gracePeriodDays === 1 ? "" : "s"} grace`
    : "no grace";
  return `${expiryLabel[p.expiryStrategy]} · ${grace} · starts ${clockLabel[p.clockStartsAt]}`;
}

export interface ProductFormValues extends PolicyFormValues {
  kind: CatalogProductKind;
  name: string;
  version: string;
  price: string;
  /** Empty: the store's currency. */
  currency: string;
  durationValue: string;
  durationUnit: NonNullable<Product["durationUnit"]>;
  bindingKind: BindingKind;
  maxSeats: string;
  prefix: string;
  separator: KeySeparator;
  groups: string;
  groupLength: string;
  parentProductId: string;
  /** "": revoke on a full refund, keep on a partial one. */
  onRefund: RefundLicenseAction | "";
}

/** The form for a new product (no product; its prices in the store's currency) or for editing one. */
export function productFormValues(product?: Product, storeCurrency = ""): ProductFormValues {
  if (!product) {
    return {
      kind: "addon",
      name: "",
      version: "",
      price: "",
      currency: storeCurrency,
      durationValue: "1",
      durationUnit: "year",
      bindingKind: "domain",
      maxSeats: "1",
      prefix: "",
      separator: "-",
      groups: "4",
      groupLength: "4",
      parentProductId: "",
      onRefund: "",
      expiryStrategy: "restrict",
      gracePeriodDays: "0",
      clockStartsAt: "purchase",
    };
  }
  const f = product.keyFormat;
  const currency = product.currency ?? "";
  return {
    kind: product.kind,
    name: product.name,
    version: product.version ?? "",
    price: product.price === null ? "" : inputFromMinor(product.price, currency),
    currency,
    durationValue: product.durationValue ? String(product.durationValue) : "",
    durationUnit: product.durationUnit ?? "year",
    bindingKind: product.bindingKind,
    maxSeats: String(product.maxSeats),
    prefix: f.prefix,
    separator: KEY_SEPARATORS.find((s) => s === f.separator) ?? "-",
    groups: String(f.groups),
    groupLength: String(f.groupLength),
    parentProductId: product.parentProductId ?? "",
    onRefund: product.onRefund ?? "",
    ...policyFormValues(product),
  };
}

/** What both creating and editing send: the terms new licenses get. */
export type ProductTerms = Required<
  Pick<
    CreateProductInput,
    | "name"
    | "version"
    | "price"
    | "currency"
    | "durationValue"
    | "durationUnit"
    | "bindingKind"
    | "maxSeats"
    | "expiryStrategy"
    | "gracePeriodDays"
    | "clockStartsAt"
    | "onRefund"
  >
>;

/**
 * What is wrong with a typed price, in words (null when it is fine or empty): people type
 * "-5", "abc" or too many decimals, and are told which field and what to type instead.
 */
export function priceProblem(label: string, text: string, currency: string): string | null {
  const typed = text.trim();
  if (!typed || minorFromDecimal(typed, currency) !== null) return null;
  const example = `e.g. ${inputFromMinor(49900, currency)}`;
  if (/^-\s*[\d.,]+$/.test(typed))
    return `${label} cannot be negative: enter an amount in ${currency}, ${example}.`;
  if (/^[\d,]*\.\d+$/.test(typed)) return `${label} has too many decimal places for ${currency}: ${example}.`;
  return `${label} must be an amount in ${currency}, ${example}; “${typed}” is not one.`;
}

export type Mapped<T> = { ok: true; value: T } | { ok: false; error: string };

/** The form's terms in the API's shape; the price in minor units of its currency (the store's when empty). */
export function productTerms(f: ProductFormValues, storeCurrency: string): Mapped<ProductTerms> {
  const currency = f.currency.trim().toUpperCase() || storeCurrency;
  const problem = priceProblem("Price", f.price, currency);
  if (problem) return { ok: false, error: problem };
  const price = f.price.trim() ? minorFromDecimal(f.price, currency) : null;
  const durationValue = f.durationValue.trim() ? wholeNumber(f.durationValue) : null;
  if (f.durationValue.trim() && !durationValue)
    return { ok: false, error: "“Valid for” is a whole number (empty = perpetual)." };
  const policy = productPolicy(f);
  if (!policy.ok) return policy;
  return {
    ok: true,
    value: {
      ...policy.value,
      name: f.name,
      version: f.version || null,
      price,
      currency: price === null ? null : currency,
      durationValue,
      durationUnit: durationValue ? f.durationUnit : null,
      bindingKind: f.bindingKind,
      maxSeats: Number(f.maxSeats) || 1,
      onRefund: f.onRefund || null,
    },
  };
}

/** A new product: its terms, kind, key format and (for an add-on) the software it extends. */
export function newProductInput(f: ProductFormValues, storeCurrency: string): Mapped<CreateProductInput> {
  const terms = productTerms(f, storeCurrency);
  if (!terms.ok) return terms;
  return {
    ok: true,
    value: {
      kind: f.kind,
      ...terms.value,
      keyFormat: {
        prefix: f.prefix,
        groups: Number(f.groups) || 4,
        groupLength: Number(f.groupLength) || 4,
        separator: f.separator,
      },
      parentProductId: f.kind === "addon" && f.parentProductId ? f.parentProductId : null,
    },
  };
}

/** What a key of this product looks like: `SA-XXXX-XXXX-XXXX`. */
export function keyExample(p: Product): string {
  const f = p.keyFormat;
  const body = Array.from({ length: f.groups }, () => "X".repeat(f.groupLength)).join(f.separator);
  return f.prefix ? `${f.prefix}${f.separator}${body}` : body;
}
