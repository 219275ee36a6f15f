import {
  activations,
  type BindingKind,
  type Executor,
  eq,
  getTableColumns,
  licenses,
  plans,
  products,
  type SQL,
  sql,
  vendors,
} from "@keyway/db";
import type { ExpiryPolicy } from "@keyway/schema";
import {
  type AddonGrant,
  addonGrantsJson,
  licenseCodesJson,
  parseAddonGrants,
  parseCodes,
  type RawAddonGrant,
} from "../entitlements/snapshot-entitlements";
import { effectiveExpiryPolicy } from "../lifecycle/expiry-policy";
import { oncePerExecutor } from "../shared/prepared";
import { lastVerifiedAtOf } from "./last-verified";

/**
 * Everything a verification needs about one license — the license, its product, plan and
 * vendor, and its live seats — read in ONE indexed query (the key's unique index, or the
 * product's (kind, number) index joined to it). The live activations come back as a JSON
 * array from a correlated subquery, so lists never do N+1.
 */

export interface ActivationRow {
  id: string;
  kind: BindingKind;
  value: string;
  label: string | null;
  activatedAt: Date;
  lastVerifiedAt: Date | null;
  /** Floating seats: the last heartbeat. A cached value may lag (heartbeats notify no cache). */
  heartbeatAt: Date | null;
}

/**
 * The license's columns a snapshot holds: all but the scheduler's bookkeeping, which changes on
 * every sweep, is never read by a verification, and would only go stale in a cache.
 */
const { lifecycleDueAt: _dueAt, lifecycleSent: _sent, ...licenseColumns } = getTableColumns(licenses);
/** ...and when it was last verified, kept in its own table (last-verified.ts). */
const snapshotLicenseColumns = { ...licenseColumns, lastVerifiedAt: lastVerifiedAtOf(licenses.id) };
export const SNAPSHOT_LICENSE_COLUMNS = snapshotLicenseColumns;
type LicenseRow = Omit<typeof licenses.$inferSelect, "lifecycleDueAt" | "lifecycleSent"> & {
  lastVerifiedAt: Date | null;
};
type ProductRow = typeof products.$inferSelect;

export interface LicenseSnapshot {
  license: LicenseRow;
  product: Pick<
    ProductRow,
    | "id"
    | "kind"
    | "number"
    | "name"
    | "version"
    | "keyFormat"
    | "bindingKind"
    | "archivedAt"
    | "seatMode"
    | "heartbeatSeconds"
    | "devDomainPatterns"
  >;
  plan: { id: string; number: number; name: string } | null;
  vendor: { id: string; slug: string; timezone: string };
  /** The product's expiry policy with the plan's overrides, worked out once per read (not per answer). */
  policy: ExpiryPolicy;
  activations: ActivationRow[];
  /** Codes its product, plan and own grants give, sorted (entitlements-of.ts adds its add-ons'). */
  entitlements: string[];
  /** The customer's licenses of add-ons of its product, with what each grants. */
  addons: AddonGrant[];
}

interface RawActivation {
  id: string;
  kind: BindingKind;
  value: string;
  label: string | null;
  activatedAt: string;
  lastVerifiedAt: string | null;
  heartbeatAt: string | null;
}

/** Live seats of the license in the current row, oldest first. */
export const liveActivationsJson = sql<RawActivation[] | string>`coalesce((
  select json_agg(json_build_object(
    'id', a.id, 'kind', a.kind, 'value', a.value, 'label', a.label,
    'activatedAt', a.activated_at,
    'lastVerifiedAt', ${lastVerifiedAtOf(sql`a.id`)},
    'heartbeatAt', a.heartbeat_at
  ) order by a.activated_at, a.id)
  from ${activations} a
  where a.license_id = ${licenses.id} and a.deactivated_at is null
), '[]'::json)`;

export const snapshotColumns = {
  license: snapshotLicenseColumns,
  productId: products.id,
  productVendorId: products.vendorId,
  productKind: products.kind,
  productNumber: products.number,
  productName: products.name,
  productVersion: products.version,
  productKeyFormat: products.keyFormat,
  productBindingKind: products.bindingKind,
  productArchivedAt: products.archivedAt,
  productSeatMode: products.seatMode,
  productHeartbeatSeconds: products.heartbeatSeconds,
  productDevDomainPatterns: products.devDomainPatterns,
  productExpiryStrategy: products.expiryStrategy,
  productGracePeriodDays: products.gracePeriodDays,
  productClockStartsAt: products.clockStartsAt,
  planId: plans.id,
  planNumber: plans.number,
  planName: plans.name,
  planExpiryStrategy: plans.expiryStrategy,
  planGracePeriodDays: plans.gracePeriodDays,
  planClockStartsAt: plans.clockStartsAt,
  vendorSlug: vendors.slug,
  vendorTimezone: vendors.timezone,
  activations: liveActivationsJson,
  entitlements: licenseCodesJson,
  addons: addonGrantsJson,
};

type SnapshotRecord = {
  license: LicenseRow | null;
  productId: string;
  productVendorId: string;
  productKind: ProductRow["kind"];
  productNumber: number;
  productName: string;
  productVersion: string | null;
  productKeyFormat: ProductRow["keyFormat"];
  productBindingKind: BindingKind;
  productArchivedAt: Date | null;
  productSeatMode: ProductRow["seatMode"];
  productHeartbeatSeconds: number | null;
  productDevDomainPatterns: string[];
  productExpiryStrategy: ProductRow["expiryStrategy"];
  productGracePeriodDays: number;
  productClockStartsAt: ProductRow["clockStartsAt"];
  planId: string | null;
  planNumber: number | null;
  planName: string | null;
  planExpiryStrategy: ProductRow["expiryStrategy"] | null;
  planGracePeriodDays: number | null;
  planClockStartsAt: ProductRow["clockStartsAt"] | null;
  vendorSlug: string;
  vendorTimezone: string;
  activations: RawActivation[] | string;
  entitlements: string[] | string;
  addons: RawAddonGrant[] | string;
};

export function parseActivations(raw: RawActivation[] | string | null): ActivationRow[] {
  const list: RawActivation[] = typeof raw === "string" ? (JSON.parse(raw) as RawActivation[]) : (raw ?? []);
  return list.map((a) => ({
    id: a.id,
    kind: a.kind,
    value: a.value,
    label: a.label,
    activatedAt: new Date(a.activatedAt),
    lastVerifiedAt: a.lastVerifiedAt ? new Date(a.lastVerifiedAt) : null,
    heartbeatAt: a.heartbeatAt ? new Date(a.heartbeatAt) : null,
  }));
}

export function toSnapshot(record: SnapshotRecord, license: LicenseRow): LicenseSnapshot {
  return {
    license,
    product: {
      id: record.productId,
      kind: record.productKind,
      number: record.productNumber,
      name: record.productName,
      version: record.productVersion,
      keyFormat: record.productKeyFormat,
      bindingKind: record.productBindingKind,
      archivedAt: record.productArchivedAt,
      seatMode: record.productSeatMode,
      heartbeatSeconds: record.productHeartbeatSeconds,
      devDomainPatterns: record.productDevDomainPatterns,
    },
    plan:
      record.planId && record.planNumber !== null && record.planName !== null
        ? { id: record.planId, number: record.planNumber, name: record.planName }
        : null,
    vendor: { id: license.vendorId, slug: record.vendorSlug, timezone: record.vendorTimezone },
    policy: effectiveExpiryPolicy(
      {
        expiryStrategy: record.productExpiryStrategy,
        gracePeriodDays: record.productGracePeriodDays,
        clockStartsAt: record.productClockStartsAt,
      },
      {
        expiryStrategy: record.planExpiryStrategy,
        gracePeriodDays: record.planGracePeriodDays,
        clockStartsAt: record.planClockStartsAt,
      },
    ),
    activations: parseActivations(record.activations),
    entitlements: parseCodes(record.entitlements),
    addons: parseAddonGrants(record.addons),
  };
}

/** Licenses with their product, vendor and plan, in the snapshot's columns: add where/order/limit. */
export function selectSnapshots(db: Executor) {
  return db
    .select(snapshotColumns)
    .from(licenses)
    .innerJoin(products, eq(products.id, licenses.productId))
    .innerJoin(vendors, eq(vendors.id, licenses.vendorId))
    .leftJoin(plans, eq(plans.id, licenses.planId));
}

/** One license by a condition on `licenses` (key, id + vendor…). One round trip. */
export async function loadLicenseSnapshot(
  db: Executor,
  where: SQL | undefined,
): Promise<LicenseSnapshot | null> {
  const [row] = await selectSnapshots(db).where(where).limit(1);
  if (!row?.license) return null;
  return toSnapshot(row, row.license);
}

/**
 * The by-key lookup of the hot path as a prepared query, built once per database handle: building
 * the query through drizzle's builder per request cost ~18 % of the server's CPU (profile in
 * BENCHMARKS.md). Transactions build it fresh (they are short-lived objects).
 */
function prepareSnapshotByKey(db: Executor) {
  return selectSnapshots(db)
    .where(eq(licenses.key, sql.placeholder("key")))
    .limit(1)
    .prepare("license_snapshot_by_key");
}

function prepareProductLicense(db: Executor) {
  return db
    .select(snapshotColumns)
    .from(products)
    .innerJoin(vendors, eq(vendors.id, products.vendorId))
    .leftJoin(
      licenses,
      sql`${licenses.productId} = ${products.id} and ${licenses.key} = ${sql.placeholder("key")}`,
    )
    .leftJoin(plans, eq(plans.id, licenses.planId))
    .where(
      sql`${products.kind} = ${sql.placeholder("kind")} and ${products.number} = ${sql.placeholder("number")} and ${products.archivedAt} is null`,
    )
    .limit(1)
    .prepare("product_license_by_number");
}

const snapshotByKeyQuery = oncePerExecutor(prepareSnapshotByKey);
const productLicenseQuery = oncePerExecutor(prepareProductLicense);

export async function loadLicenseSnapshotByKey(db: Executor, key: string): Promise<LicenseSnapshot | null> {
  const [row] = await snapshotByKeyQuery(db).execute({ key });
  if (!row?.license) return null;
  return toSnapshot(row, row.license);
}

export interface ProductLookup {
  product: LicenseSnapshot["product"] & { vendorId: string };
  vendor: LicenseSnapshot["vendor"];
  /** The license with this key, if it belongs to this product. */
  snapshot: LicenseSnapshot | null;
}

/**
 * A product by its dialect number, with the license of `key` for that product if any — the
 * Blenddoit question ("software #1, key X") in one round trip.
 */
export async function loadProductLicense(
  db: Executor,
  params: { kind: ProductRow["kind"]; number: number; key: string },
): Promise<ProductLookup | null> {
  const [row] = await productLicenseQuery(db).execute(params);
  if (!row) return null;
  const vendor = { id: row.productVendorId, slug: row.vendorSlug, timezone: row.vendorTimezone };
  return {
    product: {
      id: row.productId,
      kind: row.productKind,
      number: row.productNumber,
      name: row.productName,
      version: row.productVersion,
      keyFormat: row.productKeyFormat,
      bindingKind: row.productBindingKind,
      archivedAt: row.productArchivedAt,
      seatMode: row.productSeatMode,
      heartbeatSeconds: row.productHeartbeatSeconds,
      devDomainPatterns: row.productDevDomainPatterns,
      vendorId: row.productVendorId,
    },
    vendor,
    snapshot: row.license ? toSnapshot(row, row.license) : null,
  };
}
