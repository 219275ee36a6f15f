import type { LicenseSnapshot } from "./license-snapshot";
import { SnapshotColumns } from "./verification-cache-packing";

/**
 * The verification cache's entries: a map from key to slot, the snapshots in columns by slot
 * (verification-cache-packing.ts), and least-recently-used order as a doubly linked list over
 * the slots in two Int32Arrays. Up to `maxEntries`; the least recently read or stored goes
 * first. The columns grow by half as entries arrive, so a small catalog does not pay for
 * `maxEntries` slots.
 */

const NONE = -1;
const FIRST_CAPACITY = 1_024;

export class SnapshotStore {
  private readonly slots = new Map<string, number>();
  private readonly columns = new SnapshotColumns();
  private prev = new Int32Array(0);
  private next = new Int32Array(0);
  /** Most and least recently used slots. */
  private head = NONE;
  private tail = NONE;
  /** Slots below `used` have been handed out; freed ones wait in `spare`. */
  private used = 0;
  private spare: number[] = [];

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.slots.size;
  }

  has(key: string): boolean {
    return this.slots.has(key);
  }

  /** The snapshot of `key`, now the most recently used. */
  get(key: string): LicenseSnapshot | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    this.toFront(slot);
    return this.columns.read(slot);
  }

  /** Keeps `snapshot` under `key`; false (and `key` no longer held) when it cannot be held. */
  set(key: string, snapshot: LicenseSnapshot): boolean {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.freeSlot();
      this.slots.set(key, slot);
    }
    this.toFront(slot);
    if (this.columns.write(slot, key, snapshot)) return true;
    this.delete(key);
    return false;
  }

  touch(key: string, licenseAt: Date | null, seat: { id: string; at: Date } | null): void {
    const slot = this.slots.get(key);
    if (slot !== undefined) this.columns.touch(slot, licenseAt, seat);
  }

  delete(key: string): void {
    const slot = this.slots.get(key);
    if (slot === undefined) return;
    this.slots.delete(key);
    this.unlink(slot);
    this.columns.free(slot);
    this.spare.push(slot);
  }

  /** Forgets every entry and every shared value (the columns keep their size for the refill). */
  clear(): void {
    this.slots.clear();
    this.columns.clear();
    this.prev.fill(NONE);
    this.next.fill(NONE);
    this.head = NONE;
    this.tail = NONE;
    this.used = 0;
    this.spare = [];
  }

  /** A slot for a new key: a spare one, a new one, or the least recently used one's. */
  private freeSlot(): number {
    const spare = this.spare.pop();
    if (spare !== undefined) return spare;
    if (this.used < this.maxEntries) {
      if (this.used === this.columns.capacity) this.grow();
      this.used += 1;
      return this.used - 1;
    }
    const slot = this.tail;
    const key = this.columns.keyAt(slot);
    if (key !== undefined) this.slots.delete(key);
    this.unlink(slot);
    this.columns.free(slot);
    return slot;
  }

  private grow() {
    const capacity = Math.min(
      this.maxEntries,
      Math.max(FIRST_CAPACITY, Math.ceil(this.columns.capacity * 1.5)),
    );
    this.columns.grow(capacity);
    const prev = new Int32Array(capacity).fill(NONE);
    const next = new Int32Array(capacity).fill(NONE);
    prev.set(this.prev);
    next.set(this.next);
    this.prev = prev;
    this.next = next;
  }

  /** Takes `slot` out of the order (a no-op for a slot not in it). */
  private unlink(slot: number) {
    const before = this.prev[slot] as number;
    const after = this.next[slot] as number;
    if (before !== NONE) this.next[before] = after;
    else if (this.head === slot) this.head = after;
    if (after !== NONE) this.prev[after] = before;
    else if (this.tail === slot) this.tail = before;
    this.prev[slot] = NONE;
    this.next[slot] = NONE;
  }

  private toFront(slot: number) {
    if (this.head === slot) return;
    this.unlink(slot);
    this.next[slot] = this.head;
    if (this.head !== NONE) this.prev[this.head] = slot;
    this.head = slot;
    if (this.tail === NONE) this.tail = slot;
  }
}
