import type { ActivationRow, LicenseSnapshot } from "./license-snapshot";
import {
  cursor,
  date,
  field,
  fieldLength,
  type Group,
  NO_CODES,
  next,
  type PackedAddon,
  type PackedSeat,
  packSeat,
  SharedValues,
  time,
  unpackSeat,
} from "./verification-cache-shared";

/**
 * How the verification cache holds snapshots: in columns by slot, not as objects per license.
 * Times in a Float64Array (NaN for null), small numbers and indexes into shared tables in an
 * Int32Array (product + plan + vendor + policy as one "group", the entitlement codes as one
 * shared array, enum-like strings as words), and the license's own strings — id, customer,
 * order, name, its one seat's id / value / label — in ONE flat string per license, each part
 * prefixed by its length. The typed arrays live outside the JS heap; the garbage collector sees
 * two strings a license (its key and that record) instead of ~15 objects. The rare parts —
 * metadata, two seats or more, add-ons — sit in a side map by slot. 0.41 KB a license, map and
 * key included, instead of 0.91 KB as one packed object each (bench/src/cache-memory.ts, 1M
 * licenses with 24-character ids, one seat each). Every license column is packed by name: a column
 * added to the schema and not packed here is lost on a cache hit
 * (test/licensing/verification-cache-packing.test.ts catches it).
 */

type LicenseRow = LicenseSnapshot["license"];

/** What a license holds beyond the common shape, kept only for the licenses that have it. */
interface Extra {
  metadata: LicenseRow["metadata"];
  /** Two seats or more (one seat is held in the columns). */
  seats: PackedSeat[];
  addons: PackedAddon[];
}

/** Float64 columns: the license's times, then its one seat's. */
const T = {
  startsAt: 0,
  expiresAt: 1,
  activatedAt: 2,
  renewedAt: 3,
  lastVerifiedAt: 4,
  suspendedAt: 5,
  revokedAt: 6,
  importedAt: 7,
  createdAt: 8,
  updatedAt: 9,
  seatActivatedAt: 10,
  seatLastVerifiedAt: 11,
  seatHeartbeatAt: 12,
} as const;
const TIMES = 13;
/** Int32 columns. */
const I = { group: 0, codes: 1, durationValue: 2, maxSeats: 3, flags: 4, words1: 5, words2: 6 } as const;
const INTS = 7;

/** Bits of the flags column: which optional parts the record string holds, and the booleans. */
const F = {
  ownKey: 1, // license.key differs from the cache key: it is in the record
  customer: 2,
  order: 4,
  name: 8,
  seat: 16, // exactly one seat, held in the columns and the record
  labelNull: 32,
  labelSame: 64, // the seat's label is its value (usual: the value as typed)
  duration: 128, // durationValue is not null
  testMode: 256,
  clockPending: 512,
  extra: 1024,
} as const;

const isInt32 = (n: number) => (n | 0) === n;
/** A time column's value as a Date (NaN: null). A function of the module, not a closure per read. */
function dateAt(t: Float64Array, k: number): Date | null {
  const v = t[k] as number;
  return Number.isNaN(v) ? null : new Date(v);
}

/** Snapshots by slot (0 … capacity − 1); which slot holds which key is the store's business. */
export class SnapshotColumns {
  private times = new Float64Array(0);
  private ints = new Int32Array(0);
  /** The cache key of each slot (the same string as the store's map key). */
  private keys: (string | undefined)[] = [];
  private records: (string | undefined)[] = [];
  private readonly extras = new Map<number, Extra>();
  readonly shared = new SharedValues();
  capacity = 0;

  grow(capacity: number): void {
    const times = new Float64Array(capacity * TIMES);
    times.set(this.times);
    const ints = new Int32Array(capacity * INTS);
    ints.set(this.ints);
    this.times = times;
    this.ints = ints;
    this.capacity = capacity;
  }

  keyAt(slot: number): string | undefined {
    return this.keys[slot];
  }

  /** Writes `s` into `slot`; false (slot left empty) for a value the columns cannot hold exactly. */
  write(slot: number, key: string, s: LicenseSnapshot): boolean {
    this.free(slot);
    const l = s.license;
    const seat = s.activations.length === 1 ? s.activations[0] : undefined;
    const status = this.shared.word(l.status);
    const binding = this.shared.word(l.bindingKind);
    const unit = this.shared.word(l.durationUnit);
    const seatKind = this.shared.word(seat?.kind ?? null);
    const duration = l.durationValue;
    if (status < 0 || binding < 0 || unit < 0 || seatKind < 0) return false;
    if (!isInt32(l.maxSeats) || (duration !== null && !isInt32(duration))) return false;
    // In the order of T. A date that is not a date (NaN) would read back as null: not cached.
    const times = [
      l.startsAt,
      l.expiresAt,
      l.activatedAt,
      l.renewedAt,
      l.lastVerifiedAt,
      l.suspendedAt,
      l.revokedAt,
      l.importedAt,
      l.createdAt,
      l.updatedAt,
      seat?.activatedAt ?? null,
      seat?.lastVerifiedAt ?? null,
      seat?.heartbeatAt ?? null,
    ];
    for (const d of times) if (d !== null && Number.isNaN(d.getTime())) return false;

    let flags = 0;
    const parts: string[] = [];
    field(parts, l.id);
    if (l.key !== key) {
      flags |= F.ownKey;
      field(parts, l.key);
    }
    if (l.customerId !== null) {
      flags |= F.customer;
      field(parts, l.customerId);
    }
    if (l.orderId !== null) {
      flags |= F.order;
      field(parts, l.orderId);
    }
    if (l.name !== null) {
      flags |= F.name;
      field(parts, l.name);
    }
    if (seat) {
      flags |= F.seat;
      field(parts, seat.id);
      field(parts, seat.value);
      if (seat.label === null) flags |= F.labelNull;
      else if (seat.label === seat.value) flags |= F.labelSame;
      else field(parts, seat.label);
    }
    if (duration !== null) flags |= F.duration;
    if (l.testMode) flags |= F.testMode;
    if (l.clockPending) flags |= F.clockPending;
    const many = s.activations.length > 1;
    if (l.metadata !== null || many || s.addons.length > 0) {
      flags |= F.extra;
      this.extras.set(slot, {
        metadata: l.metadata,
        seats: many ? s.activations.map(packSeat) : [],
        addons: s.addons.map((a) => ({
          licenseId: a.licenseId,
          status: a.status,
          expiresAt: time(a.expiresAt),
          entitlements: this.shared.codes[this.shared.codesOf(a.entitlements)] ?? a.entitlements,
        })),
      });
    }

    const t = this.times;
    const b = slot * TIMES;
    for (let k = 0; k < TIMES; k += 1) t[b + k] = times[k]?.getTime() ?? Number.NaN;

    const i = this.ints;
    const c = slot * INTS;
    i[c + I.group] = this.shared.group(s);
    i[c + I.codes] = this.shared.codesOf(s.entitlements);
    i[c + I.durationValue] = duration ?? 0;
    i[c + I.maxSeats] = l.maxSeats;
    i[c + I.flags] = flags;
    i[c + I.words1] = status | (binding << 16);
    i[c + I.words2] = unit | (seatKind << 16);
    this.keys[slot] = key;
    // join() builds one flat string (concatenation would leave a tree of cons strings).
    this.records[slot] = parts.join("");
    return true;
  }

  /** A fresh snapshot per answer: callers may change theirs without touching the cache. */
  read(slot: number): LicenseSnapshot {
    const r = this.records[slot] ?? "";
    const t = this.times;
    const b = slot * TIMES;
    const i = this.ints;
    const c = slot * INTS;
    const flags = i[c + I.flags] as number;
    const words1 = i[c + I.words1] as number;
    const words2 = i[c + I.words2] as number;
    const g = this.shared.groups[i[c + I.group] as number] as Group;
    const extra = flags & F.extra ? this.extras.get(slot) : undefined;
    const words = this.shared.words;
    cursor.at = 0;
    const id = next(r);
    const key = flags & F.ownKey ? next(r) : (this.keys[slot] as string);
    const customerId = flags & F.customer ? next(r) : null;
    const orderId = flags & F.order ? next(r) : null;
    const name = flags & F.name ? next(r) : null;
    let activations: ActivationRow[] = extra ? extra.seats.map(unpackSeat) : [];
    if (flags & F.seat) {
      const seatId = next(r);
      const value = next(r);
      activations = [
        {
          id: seatId,
          kind: words[words2 >>> 16] as ActivationRow["kind"],
          value,
          label: flags & F.labelNull ? null : flags & F.labelSame ? value : next(r),
          activatedAt: new Date(t[b + T.seatActivatedAt] as number),
          lastVerifiedAt: dateAt(t, b + T.seatLastVerifiedAt),
          heartbeatAt: dateAt(t, b + T.seatHeartbeatAt),
        },
      ];
    }
    return {
      license: {
        id,
        vendorId: g.vendorId,
        productId: g.productId,
        customerId,
        orderId,
        planId: g.planId,
        durationValue: flags & F.duration ? (i[c + I.durationValue] as number) : null,
        durationUnit: words[words2 & 0xffff] as LicenseRow["durationUnit"],
        key,
        name,
        // The vendor's JSON is read, never changed, by verification: shared, not copied.
        metadata: extra ? extra.metadata : null,
        status: words[words1 & 0xffff] as LicenseRow["status"],
        bindingKind: words[words1 >>> 16] as LicenseRow["bindingKind"],
        maxSeats: i[c + I.maxSeats] as number,
        startsAt: dateAt(t, b + T.startsAt),
        expiresAt: dateAt(t, b + T.expiresAt),
        activatedAt: dateAt(t, b + T.activatedAt),
        renewedAt: dateAt(t, b + T.renewedAt),
        lastVerifiedAt: dateAt(t, b + T.lastVerifiedAt),
        suspendedAt: dateAt(t, b + T.suspendedAt),
        revokedAt: dateAt(t, b + T.revokedAt),
        testMode: (flags & F.testMode) !== 0,
        importedAt: dateAt(t, b + T.importedAt),
        clockPending: (flags & F.clockPending) !== 0,
        createdAt: new Date(t[b + T.createdAt] as number),
        updatedAt: new Date(t[b + T.updatedAt] as number),
      },
      product: g.product,
      vendor: g.vendor,
      plan: g.plan,
      policy: g.policy,
      activations,
      entitlements: this.shared.codes[i[c + I.codes] as number] ?? NO_CODES,
      addons: extra ? extra.addons.map((a) => ({ ...a, expiresAt: date(a.expiresAt) })) : [],
    };
  }

  /** Keeps the held `last_verified_at` of the license (and of one of its seats) in step. */
  touch(slot: number, licenseAt: Date | null, seat: { id: string; at: Date } | null): void {
    if (licenseAt) this.times[slot * TIMES + T.lastVerifiedAt] = licenseAt.getTime();
    if (!seat) return;
    const flags = this.ints[slot * INTS + I.flags] as number;
    if (flags & F.seat) {
      // Skip to the seat's id without building the strings before it.
      const r = this.records[slot] ?? "";
      cursor.at = 0;
      for (const part of [0, F.ownKey, F.customer, F.order, F.name]) {
        // (Not `at += fieldLength(r)`: that adds to the position from before the length.)
        if (part === 0 || flags & part) {
          const n = fieldLength(r);
          cursor.at += n;
        }
      }
      const n = fieldLength(r);
      if (n === seat.id.length && r.startsWith(seat.id, cursor.at)) {
        this.times[slot * TIMES + T.seatLastVerifiedAt] = seat.at.getTime();
      }
    }
    for (const s of this.extras.get(slot)?.seats ?? [])
      if (s.id === seat.id) s.lastVerifiedAt = seat.at.getTime();
  }

  /** Lets go of what `slot` refers to (its numbers are overwritten by the next write). */
  free(slot: number): void {
    if (this.keys[slot] === undefined) return;
    this.keys[slot] = undefined;
    this.records[slot] = undefined;
    this.extras.delete(slot);
  }

  clear(): void {
    this.keys = [];
    this.records = [];
    this.extras.clear();
    this.shared.clear();
  }
}
