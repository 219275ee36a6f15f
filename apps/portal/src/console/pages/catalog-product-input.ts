import {
  BindingKind,
  type CatalogProductKind,
  type CreateProductInput,
  DurationUnit,
  inputFromMinor,
  KEY_SEPARATORS,
  type KeySeparator,
  minorFromDecimal,
  type Product,
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

export interface ProductFormValues {
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
}

/** The form for a new product (no product) or for editing one. */
export function productFormValues(product?: Product): ProductFormValues {
  if (!product) {
    return {
      kind: "addon",
      name: "",
      version: "",
      price: "",
      currency: "",
      durationValue: "1",
      durationUnit: "year",
      bindingKind: "domain",
      maxSeats: "1",
      prefix: "",
      separator: "-",
      groups: "4",
      groupLength: "4",
      parentProductId: "",
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
  };
}

/** What both creating and editing send: the terms new licenses get. */
export type ProductTerms = Required<
  Pick<
    CreateProductInput,
    "name" | "version" | "price" | "currency" | "durationValue" | "durationUnit" | "bindingKind" | "maxSeats"
  >
>;

export type Mapped<T> = { ok: true; value: T } | { ok: false; error: string };

const wholeNumber = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : null);

/** The form's terms in the API's shape; the price in minor units of its currency (the store's when empty). */
export function productTerms(f: ProductFormValues, storeCurrency: string): Mapped<ProductTerms> {
  const currency = f.currency.trim().toUpperCase() || storeCurrency;
  const price = f.price.trim() ? minorFromDecimal(f.price, currency) : null;
  if (f.price.trim() && price === null)
    return { ok: false, error: `Enter the price in ${currency}, e.g. ${inputFromMinor(2999, currency)}.` };
  const durationValue = f.durationValue.trim() ? wholeNumber(f.durationValue) : null;
  if (f.durationValue.trim() && !durationValue)
    return { ok: false, error: "“Valid for” is a whole number (empty = perpetual)." };
  return {
    ok: true,
    value: {
      name: f.name,
      version: f.version || null,
      price,
      currency: price === null ? null : currency,
      durationValue,
      durationUnit: durationValue ? f.durationUnit : null,
      bindingKind: f.bindingKind,
      maxSeats: Number(f.maxSeats) || 1,
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
