import type { ActivationRow, LicenseSnapshot } from "./license-snapshot";

/**
 * A snapshot as the verification cache keeps it: times as numbers, repeated strings shared,
 * product / plan / vendor / expiry policy objects shared. ~0.7 KB a license instead of ~1.7 KB as live objects
 * (measured on 100k bench licenses), which is what lets a million licenses sit in one process.
 * Every license column is packed by name: a column added to the schema and not packed here is
 * lost on a cache hit (test/licensing/verification-cache-packing.test.ts catches it).
 */

type LicenseRow = LicenseSnapshot["license"];
type Packed<T> = {
  [K in keyof T]: T[K] extends Date ? number : T[K] extends Date | null ? number | null : T[K];
};

export interface PackedSnapshot {
  license: Packed<LicenseRow>;
  product: LicenseSnapshot["product"];
  plan: LicenseSnapshot["plan"];
  vendor: LicenseSnapshot["vendor"];
  policy: LicenseSnapshot["policy"];
  seats: Packed<ActivationRow>[];
  /** Shared: licenses granting the same codes hold one array (entitlements-of.ts copies it). */
  entitlements: string[];
  addons: Packed<LicenseSnapshot["addons"][number]>[];
}

/** Values repeated across snapshots, kept once: a million snapshots hold a handful of each. */
export class SharedValues {
  private readonly seen = new Map<string, unknown>();

  /** The value first kept under `id` (a product, plan or vendor object). */
  intern<T>(id: string, value: T): T {
    if (this.seen.has(id)) return this.seen.get(id) as T;
    this.seen.set(id, value);
    return value;
  }

  /** The same string object for values repeated across licenses (ids of vendors, products…). */
  word<T extends string | null>(value: T): T {
    return value === null ? value : this.intern(`s:${value}`, value);
  }

  clear(): void {
    this.seen.clear();
  }
}

const time = (d: Date | null) => (d === null ? null : d.getTime());
const date = (t: number | null) => (t === null ? null : new Date(t));

export function packSnapshot(s: LicenseSnapshot, shared: SharedValues): PackedSnapshot {
  const l = s.license;
  return {
    license: {
      id: l.id,
      vendorId: shared.word(l.vendorId),
      productId: shared.word(l.productId),
      customerId: l.customerId,
      orderId: l.orderId,
      planId: shared.word(l.planId),
      durationValue: l.durationValue,
      durationUnit: shared.word(l.durationUnit),
      key: l.key,
      name: l.name,
      metadata: l.metadata,
      status: shared.word(l.status),
      bindingKind: shared.word(l.bindingKind),
      maxSeats: l.maxSeats,
      startsAt: time(l.startsAt),
      expiresAt: time(l.expiresAt),
      activatedAt: time(l.activatedAt),
      renewedAt: time(l.renewedAt),
      lastVerifiedAt: time(l.lastVerifiedAt),
      suspendedAt: time(l.suspendedAt),
      revokedAt: time(l.revokedAt),
      testMode: l.testMode,
      importedAt: time(l.importedAt),
      clockPending: l.clockPending,
      createdAt: l.createdAt.getTime(),
      updatedAt: l.updatedAt.getTime(),
    },
    product: shared.intern(`p:${s.product.id}`, s.product),
    vendor: shared.intern(`v:${s.vendor.id}`, s.vendor),
    plan: s.plan ? shared.intern(`l:${s.plan.id}`, s.plan) : null,
    // Follows from product and plan: one object per pair (a policy change flushes them all).
    policy: shared.intern(`e:${s.product.id}:${s.plan?.id ?? ""}`, s.policy),
    seats: s.activations.map((a) => ({
      id: a.id,
      kind: shared.word(a.kind),
      value: a.value,
      // Usually the value as typed: share the string.
      label: a.label === a.value ? a.value : a.label,
      activatedAt: a.activatedAt.getTime(),
      lastVerifiedAt: time(a.lastVerifiedAt),
      heartbeatAt: time(a.heartbeatAt),
    })),
    entitlements: sharedCodes(s.entitlements, shared),
    addons: s.addons.map((a) => ({
      licenseId: a.licenseId,
      status: shared.word(a.status),
      expiresAt: time(a.expiresAt),
      entitlements: sharedCodes(a.entitlements, shared),
    })),
  };
}

const NO_CODES: string[] = [];
const sharedCodes = (codes: string[], shared: SharedValues) =>
  codes.length === 0 ? NO_CODES : shared.intern(`c:${codes.join(" ")}`, codes);

/** A fresh snapshot per answer: callers may change theirs without touching the cache. */
export function unpackSnapshot(p: PackedSnapshot): LicenseSnapshot {
  const l = p.license;
  return {
    license: {
      id: l.id,
      vendorId: l.vendorId,
      productId: l.productId,
      customerId: l.customerId,
      orderId: l.orderId,
      planId: l.planId,
      durationValue: l.durationValue,
      durationUnit: l.durationUnit,
      key: l.key,
      name: l.name,
      // The vendor's JSON is read, never changed, by verification: shared, not copied.
      metadata: l.metadata,
      status: l.status,
      bindingKind: l.bindingKind,
      maxSeats: l.maxSeats,
      startsAt: date(l.startsAt),
      expiresAt: date(l.expiresAt),
      activatedAt: date(l.activatedAt),
      renewedAt: date(l.renewedAt),
      lastVerifiedAt: date(l.lastVerifiedAt),
      suspendedAt: date(l.suspendedAt),
      revokedAt: date(l.revokedAt),
      testMode: l.testMode,
      importedAt: date(l.importedAt),
      clockPending: l.clockPending,
      createdAt: new Date(l.createdAt),
      updatedAt: new Date(l.updatedAt),
    },
    product: p.product,
    vendor: p.vendor,
    plan: p.plan,
    policy: p.policy,
    activations: p.seats.map((a) => ({
      id: a.id,
      kind: a.kind,
      value: a.value,
      label: a.label,
      activatedAt: new Date(a.activatedAt),
      lastVerifiedAt: date(a.lastVerifiedAt),
      heartbeatAt: date(a.heartbeatAt),
    })),
    entitlements: p.entitlements,
    addons: p.addons.map((a) => ({ ...a, expiresAt: date(a.expiresAt) })),
  };
}
