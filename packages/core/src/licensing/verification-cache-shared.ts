import type { ActivationRow, LicenseSnapshot } from "./license-snapshot";

/**
 * What the verification cache's columns refer to rather than hold (verification-cache-packing.ts):
 * values repeated across licenses, kept once and referred to by index, and how a license's own
 * strings are written into one record string (each part after its length) and read back.
 */

type Packed<T> = {
  [K in keyof T]: T[K] extends Date ? number : T[K] extends Date | null ? number | null : T[K];
};
export type PackedSeat = Packed<ActivationRow>;
export type PackedAddon = Packed<LicenseSnapshot["addons"][number]>;

/** Product, plan, vendor and policy of a license, shared by every license with the same ones. */
export interface Group {
  vendorId: string;
  productId: string;
  planId: string | null;
  product: LicenseSnapshot["product"];
  plan: LicenseSnapshot["plan"];
  vendor: LicenseSnapshot["vendor"];
  policy: LicenseSnapshot["policy"];
}

export const NO_CODES: string[] = [];
const WORD_MAX = 0xffff;

/** Values repeated across licenses, kept once and referred to by index. */
export class SharedValues {
  private readonly objects = new Map<string, unknown>();
  private readonly indexes = new Map<string, number>();
  readonly groups: Group[] = [];
  readonly codes: string[][] = [NO_CODES];
  readonly words: (string | null)[] = [null];

  /** The object first kept under `id` (a product, plan or vendor). */
  private intern<V>(id: string, value: V): V {
    if (this.objects.has(id)) return this.objects.get(id) as V;
    this.objects.set(id, value);
    return value;
  }

  private indexOf<V>(id: string, table: V[], make: () => V): number {
    const known = this.indexes.get(id);
    if (known !== undefined) return known;
    table.push(make());
    this.indexes.set(id, table.length - 1);
    return table.length - 1;
  }

  group(s: LicenseSnapshot): number {
    const l = s.license;
    const id = `g\0${l.vendorId}\0${l.productId}\0${l.planId}\0${s.product.id}\0${s.plan?.id}\0${s.vendor.id}`;
    return this.indexOf(id, this.groups, () => ({
      vendorId: l.vendorId,
      productId: l.productId,
      planId: l.planId,
      product: this.intern(`p\0${s.product.id}`, s.product),
      vendor: this.intern(`v\0${s.vendor.id}`, s.vendor),
      plan: s.plan ? this.intern(`l\0${s.plan.id}`, s.plan) : null,
      // Follows from product and plan: one object per pair (a policy change flushes them all).
      policy: this.intern(`e\0${s.product.id}\0${s.plan?.id ?? ""}`, s.policy),
    }));
  }

  /** Licenses granting the same codes share one array (entitlements-of.ts copies it). */
  codesOf(codes: string[]): number {
    return codes.length === 0 ? 0 : this.indexOf(`c\0${codes.join(" ")}`, this.codes, () => codes);
  }

  /** A small index for an enum-like string (status, binding kind…); -1 past WORD_MAX of them. */
  word(value: string | null): number {
    if (value === null) return 0;
    const index = this.indexOf(`w\0${value}`, this.words, () => value);
    return index < WORD_MAX ? index : -1;
  }

  clear(): void {
    this.objects.clear();
    this.indexes.clear();
    this.groups.length = 0;
    this.codes.length = 1;
    this.words.length = 1;
  }
}

/** Appends `s` to a record, after its length (one char below 0x8000, else two). */
export function field(parts: string[], s: string): void {
  const n = s.length;
  parts.push(n < 0x8000 ? String.fromCharCode(n) : String.fromCharCode(0x8000 | (n >>> 15), n & 0x7fff), s);
}

/** Reading a record: the position of the next part. */
export const cursor = { at: 0 };
export function fieldLength(r: string): number {
  const n = r.charCodeAt(cursor.at++);
  return n < 0x8000 ? n : ((n & 0x7fff) << 15) | r.charCodeAt(cursor.at++);
}
export function next(r: string): string {
  const n = fieldLength(r);
  cursor.at += n;
  return r.slice(cursor.at - n, cursor.at);
}

export const time = (d: Date | null) => (d === null ? null : d.getTime());
export const date = (t: number | null) => (t === null ? null : new Date(t));
export const packSeat = (a: ActivationRow): PackedSeat => ({
  id: a.id,
  kind: a.kind,
  value: a.value,
  label: a.label === a.value ? a.value : a.label,
  activatedAt: a.activatedAt.getTime(),
  lastVerifiedAt: time(a.lastVerifiedAt),
  heartbeatAt: time(a.heartbeatAt),
});
export const unpackSeat = (a: PackedSeat): ActivationRow => ({
  id: a.id,
  kind: a.kind,
  value: a.value,
  label: a.label,
  activatedAt: new Date(a.activatedAt),
  lastVerifiedAt: date(a.lastVerifiedAt),
  heartbeatAt: date(a.heartbeatAt),
});
