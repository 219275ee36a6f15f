import type { BindingKind } from "@keyway/db";
import { isPlausibleKey, LicenseFileRow, normaliseBinding, normaliseKey } from "@keyway/schema";
import { normaliseMobile } from "../../commerce/customers";
import type { RawLicenseRow } from "./read-license-file";

/** The vendor's catalog as an import needs it: products by id and slug, plans by id and name. */
export interface ImportCatalog {
  products: {
    id: string;
    slug: string;
    bindingKind: BindingKind;
    maxSeats: number;
    parentProductId: string | null;
  }[];
  plans: { id: string; name: string; productId: string }[];
}

/** A row ready to write. */
export interface CheckedLicenseRow {
  line: number;
  key: string;
  productId: string;
  planId: string | null;
  bindingKind: BindingKind;
  maxSeats: number;
  status: "active" | "suspended" | "revoked";
  expiresAt: Date | null;
  startsAt: Date | null;
  createdAt: Date | null;
  activations: { value: string; label: string; activatedAt: Date | null }[];
  contact: { email: string | null; phone: string | null; name: string | null };
  name: string | null;
  metadata: Record<string, unknown> | null;
}

export interface ImportRowError {
  line: number;
  key: string | null;
  field: string | null;
  message: string;
}

/** The vendor's JSON on a license stays small: it travels in every verification answer. */
const MAX_METADATA_BYTES = 8 * 1024;

/**
 * Checks every row against the schema and the vendor's catalog, without touching the database:
 * each row becomes a CheckedLicenseRow or an error in words naming its line and field. A key
 * repeated in the file is an error on every repeat after the first.
 */
export function checkImportRows(
  raw: RawLicenseRow[],
  catalog: ImportCatalog,
): { rows: CheckedLicenseRow[]; errors: ImportRowError[] } {
  const products = new Map<string, ImportCatalog["products"][number]>();
  for (const p of catalog.products) {
    products.set(p.id, p);
    products.set(p.slug, p);
  }
  const rows: CheckedLicenseRow[] = [];
  const errors: ImportRowError[] = [];
  const seen = new Map<string, number>();
  for (const item of raw) {
    const checked = checkRow(item, products, catalog.plans, seen);
    if ("message" in checked) errors.push(checked);
    else rows.push(checked);
  }
  return { rows, errors };
}

function checkRow(
  item: RawLicenseRow,
  products: Map<string, ImportCatalog["products"][number]>,
  plans: ImportCatalog["plans"],
  seen: Map<string, number>,
): CheckedLicenseRow | ImportRowError {
  const rawKey =
    item.value && typeof item.value === "object" && typeof (item.value as { key?: unknown }).key === "string"
      ? (item.value as { key: string }).key
      : null;
  const fail = (field: string | null, message: string): ImportRowError => ({
    line: item.line,
    key: rawKey,
    field,
    message,
  });
  if (item.unreadable) return fail(null, item.unreadable);
  const parsed = LicenseFileRow.safeParse(item.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? String(issue.path[0]) : null;
    if (issue?.code === "unrecognized_keys")
      return fail(
        issue.keys[0] ?? null,
        `Unknown field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}.`,
      );
    return fail(field, `${field ? `${field}: ` : ""}${issue?.message ?? "not a license row"}.`);
  }
  const row = parsed.data;

  const key = normaliseKey(row.key);
  if (!isPlausibleKey(key)) {
    return fail(
      "key",
      "A key is 4 to 128 letters and digits, in groups joined by '-', '_' or '.' (letters are not case-sensitive).",
    );
  }
  const earlier = seen.get(key);
  if (earlier !== undefined) return fail("key", `This key is already on line ${earlier} of the file.`);
  seen.set(key, item.line);

  const product = products.get(row.product);
  if (!product) return fail("product", `No product "${row.product}" in your catalog (give its id or slug).`);
  let planId: string | null = null;
  if (row.plan) {
    const plan = plans.find(
      (p) =>
        p.productId === product.id && (p.id === row.plan || p.name.toLowerCase() === row.plan?.toLowerCase()),
    );
    if (!plan) return fail("plan", `The product has no plan "${row.plan}" (give its id or name).`);
    planId = plan.id;
  }

  const activations: CheckedLicenseRow["activations"] = [];
  for (const entry of row.activations) {
    const typed = typeof entry === "string" ? entry : entry.value;
    const normalised = normaliseBinding(product.bindingKind, typed);
    if (!normalised.ok)
      return fail("activations", `"${typed}" is not a valid ${product.bindingKind}: ${normalised.reason}.`);
    if (activations.some((a) => a.value === normalised.value)) continue;
    const at = typeof entry === "string" ? undefined : entry.activatedAt;
    activations.push({ value: normalised.value, label: typed.trim(), activatedAt: at ? new Date(at) : null });
  }
  const maxSeats = row.maxSeats ?? Math.max(product.maxSeats, activations.length);
  if (activations.length > maxSeats) {
    return fail("maxSeats", `${activations.length} activations do not fit in ${maxSeats} seats.`);
  }

  let phone: string | null = null;
  if (row.customerPhone) {
    const mobile = normaliseMobile(row.customerPhone);
    if (!mobile.ok) return fail("customerPhone", mobile.reason);
    phone = mobile.value;
  }
  if (row.metadata && Buffer.byteLength(JSON.stringify(row.metadata)) > MAX_METADATA_BYTES) {
    return fail("metadata", "metadata is larger than 8 KB.");
  }

  return {
    line: item.line,
    key,
    productId: product.id,
    planId,
    bindingKind: product.bindingKind,
    maxSeats,
    status: row.status,
    expiresAt: row.expiresAt ? new Date(row.expiresAt) : null,
    startsAt: row.startsAt ? new Date(row.startsAt) : null,
    createdAt: row.createdAt ? new Date(row.createdAt) : null,
    activations,
    contact: { email: row.customerEmail?.toLowerCase() ?? null, phone, name: row.customerName ?? null },
    name: row.name ?? null,
    metadata: row.metadata ?? null,
  };
}
