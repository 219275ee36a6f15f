import { type Database, type DbHandle, gt, licenses } from "@keyway/db";
import { LRUCache } from "lru-cache";
import {
  type ActivationRow,
  type LicenseSnapshot,
  loadLicenseSnapshotByKey,
  loadProductLicense,
  type ProductLookup,
  selectSnapshots,
  toSnapshot,
} from "./license-snapshot";

/**
 * The verification cache: license snapshots by key, in process memory, so a verification of a
 * known key answers without a database round trip.
 *
 * Freshness, in three parts:
 * 1. Postgres triggers (migration 0002) NOTIFY `keyway_license_changes` with '<id> <key>' at the
 *    commit of every change to a license or its seats, and '*' for a product, plan or vendor
 *    change; every process listens and forgets what changed. No write path can forget to tell.
 * 2. A load that raced a change is not stored: each load takes a ticket, and a key forgotten
 *    after the ticket was taken refuses the store (otherwise a pre-change read could be cached
 *    after the change's message arrived, and stay wrong forever).
 * 3. The cache serves only while it can prove it is listening: it NOTIFYs itself every
 *    HEARTBEAT_MS and answers from memory only if its own ping came back within MAX_LAG_MS. A
 *    lost or slow listen connection turns it into a pass-through, so a change reaches every
 *    process within MAX_LAG_MS (measured by `pnpm bench`). A reconnect forgets everything,
 *    since messages sent meanwhile are gone.
 * In the process that makes a change, `noteLicenseWrite` (called by recordLicenseEvent, inside
 * the transaction) bypasses the cache for that license until its message arrives, so a client
 * that revokes and then verifies through the same process never sees the old answer.
 */

export const LICENSE_CHANGES_CHANNEL = "keyway_license_changes";
export const MAX_LAG_MS = 1_000;
const HEARTBEAT_MS = 200;
/** A load slower than this is not stored (its forget marks may have been pruned). */
const MAX_LOAD_MS = 5_000;
/** A write mark whose message never came (rolled back) stops bypassing after this. */
const WRITE_MARK_MS = 5_000;

export interface VerificationCacheStats {
  entries: number;
  maxEntries: number;
  hits: number;
  misses: number;
  forgotten: number;
  flushes: number;
  /** Serving from memory: listening, and the last heartbeat came back within MAX_LAG_MS. */
  live: boolean;
  /** The start-up priming pass finished (or was not asked for). */
  primed: boolean;
}

interface LoadTicket {
  generation: number;
  at: number;
}

/** Licenses being changed by a transaction of this process; shared by every cache in it. */
const writing = new Map<string, number>();

/** Called inside the transaction that changes a license (recordLicenseEvent). */
export function noteLicenseWrite(licenseId: string): void {
  const now = Date.now();
  // Marks whose message never comes (an event with no row change, a rollback) age out here.
  if (writing.size > 10_000) {
    for (const [id, at] of writing) if (now - at >= WRITE_MARK_MS) writing.delete(id);
  }
  writing.set(licenseId, now);
}

function isBeingWritten(licenseId: string, now: number): boolean {
  const at = writing.get(licenseId);
  if (at === undefined) return false;
  if (now - at < WRITE_MARK_MS) return true;
  writing.delete(licenseId);
  return false;
}

type LicenseRow = LicenseSnapshot["license"];
type Packed<T> = {
  [K in keyof T]: T[K] extends Date ? number : T[K] extends Date | null ? number | null : T[K];
};

/**
 * A snapshot as the cache keeps it: times as numbers, repeated strings shared, product / plan /
 * vendor objects shared. ~0.7 KB a license instead of ~1.7 KB as live objects (measured on
 * 100k bench licenses), which is what lets a million licenses sit in one process.
 */
interface PackedSnapshot {
  license: Packed<LicenseRow>;
  product: LicenseSnapshot["product"];
  plan: LicenseSnapshot["plan"];
  vendor: LicenseSnapshot["vendor"];
  seats: Packed<ActivationRow>[];
}

const time = (d: Date | null) => (d === null ? null : d.getTime());
const date = (t: number | null) => (t === null ? null : new Date(t));

export class VerificationCache {
  readonly maxEntries: number;
  private readonly entries: LRUCache<string, PackedSnapshot>;
  /** Bumped by every forget; a ticket older than a key's mark cannot store that key. */
  private generation = 0;
  private flushedAt = 0;
  /** Keys forgotten recently, with the generation that forgot them (two rotating windows). */
  private forgottenNow = new Map<string, number>();
  private forgottenBefore = new Map<string, number>();
  private rotatedAt = Date.now();
  private listening = false;
  private inProcess = false;
  private lastPong = 0;
  private pingSeq = 0;
  private pongSeq = 0;
  private waiters: { seq: number; resolve: () => void }[] = [];
  private sendPing: (() => void) | null = null;
  private readonly instance = Math.random().toString(36).slice(2, 10);
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  /** Shared product / plan / vendor objects, so a million snapshots hold a handful of each. */
  private readonly shared = new Map<string, object>();
  private counters = { hits: 0, misses: 0, forgotten: 0, flushes: 0 };
  primed = true;
  /** Called after the cache was emptied by a message (catalog change, bulk change, reconnect). */
  onFlush: (() => void) | null = null;

  constructor(options: { maxEntries: number }) {
    this.maxEntries = Math.max(1, options.maxEntries);
    this.entries = new LRUCache({ max: this.maxEntries });
  }

  /**
   * Starts listening for changes and the heartbeat; the cache serves once the first ping returns.
   * An embedded database (PGlite) runs in this process, so its notifications cannot be lost and
   * the heartbeat does not gate serving: a long query there blocks this thread, pings included.
   */
  async attach(
    handle: Pick<DbHandle, "listen" | "notify"> & { kind?: DbHandle["kind"] },
    onError: (err: unknown) => void,
  ): Promise<void> {
    this.inProcess = handle.kind === "pglite";
    this.unlisten = await handle.listen(
      LICENSE_CHANGES_CHANNEL,
      (payload) => this.onMessage(payload),
      () => {
        // (Re)connected: whatever was sent while the connection was down is lost.
        const reconnect = this.listening;
        this.listening = true;
        this.flush();
        if (reconnect) this.onFlush?.();
      },
    );
    this.listening = true;
    const ping = () => {
      this.pingSeq += 1;
      handle.notify(LICENSE_CHANGES_CHANNEL, `ping ${this.instance} ${this.pingSeq}`).catch(onError);
    };
    this.sendPing = ping;
    this.heartbeat = setInterval(ping, HEARTBEAT_MS);
    this.heartbeat.unref?.();
    ping();
  }

  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.sendPing = null;
    for (const w of this.waiters.splice(0)) w.resolve();
    this.listening = false;
    const unlisten = this.unlisten;
    this.unlisten = null;
    if (unlisten) await unlisten().catch(() => {});
    this.entries.clear();
  }

  /** Resolves once every change committed before the call has reached this cache. */
  sync(): Promise<void> {
    if (!this.sendPing) return Promise.resolve();
    const seq = this.pingSeq + 1;
    const done = new Promise<void>((resolve) => this.waiters.push({ seq, resolve }));
    this.sendPing();
    return done;
  }

  /** Resolves once the first heartbeat has come back (false after `timeoutMs`). */
  async whenLive(timeoutMs = 5_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.isLive()) {
      if (!this.heartbeat || Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return true;
  }

  isLive(now = Date.now()): boolean {
    return this.listening && (this.inProcess || now - this.lastPong <= MAX_LAG_MS);
  }

  /** The cached snapshot of `key`, if the cache may answer for it now. */
  lookup(key: string): LicenseSnapshot | undefined {
    const now = Date.now();
    if (!this.isLive(now)) return undefined;
    const hit = this.entries.get(key);
    if (hit === undefined || isBeingWritten(hit.license.id, now)) {
      this.counters.misses += 1;
      return undefined;
    }
    this.counters.hits += 1;
    return this.unpack(hit);
  }

  /** Keeps the cached `last_verified_at` in step with what verification noted (last-verified.ts). */
  touch(key: string, licenseAt: Date | null, seat: { id: string; at: Date } | null): void {
    const entry = this.entries.peek(key);
    if (entry === undefined) return;
    if (licenseAt) entry.license.lastVerifiedAt = licenseAt.getTime();
    if (seat) {
      for (const s of entry.seats) if (s.id === seat.id) s.lastVerifiedAt = seat.at.getTime();
    }
  }

  /** Whether `key` is held now (whatever its freshness). */
  holds(key: string): boolean {
    return this.entries.has(key);
  }

  /** Take before reading the database; hand back to `store` with what was read. */
  startLoad(): LoadTicket {
    return { generation: this.generation, at: Date.now() };
  }

  /** Keeps what a load read, unless a change raced it; false when refused. */
  store(key: string, snapshot: LicenseSnapshot, ticket: LoadTicket): boolean {
    const now = Date.now();
    if (!this.isLive(now) || now - ticket.at > MAX_LOAD_MS) return false;
    if (ticket.generation < this.flushedAt) return false;
    const forgot = this.forgottenNow.get(key) ?? this.forgottenBefore.get(key);
    if (forgot !== undefined && forgot > ticket.generation) return false;
    if (isBeingWritten(snapshot.license.id, now)) return false;
    this.entries.set(key, this.pack(snapshot));
    return true;
  }

  forget(key: string): void {
    this.generation += 1;
    this.rotate();
    this.forgottenNow.set(key, this.generation);
    this.counters.forgotten += 1;
    this.entries.delete(key);
  }

  flush(): void {
    this.generation += 1;
    this.flushedAt = this.generation;
    this.counters.flushes += 1;
    this.entries.clear();
    this.shared.clear();
  }

  stats(): VerificationCacheStats {
    return {
      entries: this.entries.size,
      maxEntries: this.maxEntries,
      ...this.counters,
      live: this.isLive(),
      primed: this.primed,
    };
  }

  private onMessage(payload: string) {
    if (payload === "*") return this.flushAndRefill();
    if (payload.startsWith("ping ")) {
      const mine = `ping ${this.instance} `;
      if (!payload.startsWith(mine)) return;
      this.lastPong = Date.now();
      this.pongSeq = Math.max(this.pongSeq, Number(payload.slice(mine.length)));
      if (this.waiters.length > 0) {
        const ready = this.waiters.filter((w) => w.seq <= this.pongSeq);
        this.waiters = this.waiters.filter((w) => w.seq > this.pongSeq);
        for (const w of ready) w.resolve();
      }
      return;
    }
    const space = payload.indexOf(" ");
    if (space < 0) return this.flushAndRefill();
    writing.delete(payload.slice(0, space));
    this.forget(payload.slice(space + 1));
  }

  private flushAndRefill() {
    this.flush();
    this.onFlush?.();
  }

  /** Keeps forget marks for MAX_LOAD_MS at least: tickets older than that never store. */
  private rotate() {
    const now = Date.now();
    if (now - this.rotatedAt < MAX_LOAD_MS) return;
    this.forgottenBefore = this.forgottenNow;
    this.forgottenNow = new Map();
    this.rotatedAt = now;
  }

  private intern<T>(id: string, value: T): T {
    const seen = this.shared.get(id) as T | undefined;
    if (seen !== undefined) return seen;
    this.shared.set(id, value as object);
    return value;
  }

  /** The same string object for values repeated across licenses (ids of vendors, products…). */
  private word<T extends string | null>(value: T): T {
    return value === null ? value : this.intern(`s:${value}`, value);
  }

  private pack(s: LicenseSnapshot): PackedSnapshot {
    const l = s.license;
    return {
      license: {
        id: l.id,
        vendorId: this.word(l.vendorId),
        productId: this.word(l.productId),
        customerId: l.customerId,
        orderId: l.orderId,
        planId: this.word(l.planId),
        durationValue: l.durationValue,
        durationUnit: this.word(l.durationUnit),
        key: l.key,
        status: this.word(l.status),
        bindingKind: this.word(l.bindingKind),
        maxSeats: l.maxSeats,
        startsAt: time(l.startsAt),
        expiresAt: time(l.expiresAt),
        activatedAt: time(l.activatedAt),
        renewedAt: time(l.renewedAt),
        lastVerifiedAt: time(l.lastVerifiedAt),
        suspendedAt: time(l.suspendedAt),
        revokedAt: time(l.revokedAt),
        testMode: l.testMode,
        createdAt: l.createdAt.getTime(),
        updatedAt: l.updatedAt.getTime(),
      },
      product: this.intern(`p:${s.product.id}`, s.product),
      vendor: this.intern(`v:${s.vendor.id}`, s.vendor),
      plan: s.plan ? this.intern(`l:${s.plan.id}`, s.plan) : null,
      seats: s.activations.map((a) => ({
        id: a.id,
        kind: this.word(a.kind),
        value: a.value,
        // Usually the value as typed: share the string.
        label: a.label === a.value ? a.value : a.label,
        activatedAt: a.activatedAt.getTime(),
        lastVerifiedAt: time(a.lastVerifiedAt),
      })),
    };
  }

  /** A fresh snapshot per answer: callers may change theirs without touching the cache. */
  private unpack(p: PackedSnapshot): LicenseSnapshot {
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
        createdAt: new Date(l.createdAt),
        updatedAt: new Date(l.updatedAt),
      },
      product: p.product,
      vendor: p.vendor,
      plan: p.plan,
      activations: p.seats.map((a) => ({
        id: a.id,
        kind: a.kind,
        value: a.value,
        label: a.label,
        activatedAt: new Date(a.activatedAt),
        lastVerifiedAt: date(a.lastVerifiedAt),
      })),
    };
  }
}

const cacheByDb = new WeakMap<Database, VerificationCache>();

/** Verifications on `db` answer from `cache` from now on (the API host does this at start). */
export function useVerificationCache(db: Database, cache: VerificationCache): void {
  cacheByDb.set(db, cache);
}

export function stopUsingVerificationCache(db: Database, cache: VerificationCache): void {
  if (cacheByDb.get(db) === cache) cacheByDb.delete(db);
}

export function verificationCacheOf(db: Database): VerificationCache | undefined {
  return cacheByDb.get(db);
}

/** `loadLicenseSnapshotByKey` through the database's cache, if it has one. */
export async function snapshotByKey(db: Database, key: string): Promise<LicenseSnapshot | null> {
  const cache = cacheByDb.get(db);
  if (!cache) return loadLicenseSnapshotByKey(db, key);
  const hit = cache.lookup(key);
  if (hit) return hit;
  const ticket = cache.startLoad();
  const snapshot = await loadLicenseSnapshotByKey(db, key);
  if (snapshot) cache.store(key, snapshot, ticket);
  return snapshot;
}

/** `loadProductLicense` through the cache: a hit must be a license of that (live) product. */
export async function productLicense(
  db: Database,
  params: { kind: LicenseSnapshot["product"]["kind"]; number: number; key: string },
): Promise<ProductLookup | null> {
  const cache = cacheByDb.get(db);
  if (!cache) return loadProductLicense(db, params);
  const hit = cache.lookup(params.key);
  if (
    hit &&
    hit.product.kind === params.kind &&
    hit.product.number === params.number &&
    hit.product.archivedAt === null
  ) {
    return { product: { ...hit.product, vendorId: hit.vendor.id }, vendor: hit.vendor, snapshot: hit };
  }
  const ticket = cache.startLoad();
  const found = await loadProductLicense(db, params);
  if (found?.snapshot) cache.store(params.key, found.snapshot, ticket);
  return found;
}

type PrimePage = {
  after: string;
  ticket: ReturnType<VerificationCache["startLoad"]>;
  snapshots: LicenseSnapshot[];
  limit: number;
};

/** Up to `limit` snapshots in key order after `after` (priming pages). */
async function snapshotsAfter(db: Database, after: string, limit: number): Promise<LicenseSnapshot[]> {
  const rows = await selectSnapshots(db).where(gt(licenses.key, after)).orderBy(licenses.key).limit(limit);
  return rows.flatMap((row) => (row.license ? [toSnapshot(row, row.license)] : []));
}

/**
 * Fills the cache at start-up, in key order, up to its size, so a restart does not send every
 * installation's first verification to the database at once. Returns the number stored.
 */
export async function primeVerificationCache(
  db: Database,
  cache: VerificationCache,
  options: { pageSize?: number } = {},
): Promise<number> {
  const pageSize = options.pageSize ?? 5_000;
  cache.primed = false;
  let stored = 0;
  let requested = 0;
  // Each page takes its ticket before its query, so a change racing the page is not stored.
  const read = (after: string, limit: number): Promise<PrimePage> => {
    const ticket = cache.startLoad();
    return snapshotsAfter(db, after, limit).then((snapshots) => ({ after, ticket, snapshots, limit }));
  };
  const ask = (after: string): Promise<PrimePage> => {
    const limit = Math.min(pageSize, cache.maxEntries - requested);
    requested += limit;
    return read(after, limit);
  };
  /** Stores a page; true when every row was kept. */
  const keep = ({ ticket, snapshots }: PrimePage) => {
    let all = true;
    for (const snapshot of snapshots) {
      const key = snapshot.license.key;
      const counted = !cache.holds(key);
      if (cache.store(key, snapshot, ticket)) stored += counted ? 1 : 0;
      else all = false;
    }
    return all;
  };
  // Pages refused in part (a change raced them, or a long GC pause of a big heap made the cache
  // deaf for a moment) are read once more at the end.
  const again: PrimePage[] = [];
  try {
    if (!(await cache.whenLive())) return 0;
    let next: Promise<PrimePage> | null = ask("");
    while (next) {
      const page: PrimePage = await next;
      const last: string | undefined = page.snapshots.at(-1)?.license.key;
      // Ask for the next page before storing this one: Postgres reads it while this thread packs.
      next = last && page.snapshots.length === page.limit && requested < cache.maxEntries ? ask(last) : null;
      if (!keep(page)) again.push(page);
    }
    for (const page of again) {
      if (!(await cache.whenLive())) break;
      keep(await read(page.after, page.limit));
    }
  } finally {
    cache.primed = true;
  }
  return stored;
}
