import type { DbHandle } from "@keyway/db";
import type { LicenseSnapshot } from "./license-snapshot";
import { AddonDependents } from "./verification-cache-dependents";
import { SnapshotStore } from "./verification-cache-store";
import { WriteMarks } from "./verification-cache-write-marks";

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
 * A base license's snapshot holds what the customer's add-on licenses grant it: a message naming an
 * add-on license also forgets the base licenses cached with it (verification-cache-dependents.ts).
 * In the process that makes a change, `noteLicenseWrite` (called by recordLicenseEvent, inside
 * the transaction) bypasses the cache for that license until its message arrives, so a client
 * that revokes and then verifies through the same process never sees the old answer
 * (verification-cache-write-marks.ts).
 *
 * Beside this file: the entries in least-recently-used order (-store), how a snapshot is held
 * in columns rather than objects (-packing), which cache a database handle reads
 * through (-reads), filling it at start (-priming).
 */

export const LICENSE_CHANGES_CHANNEL = "keyway_license_changes";
export const MAX_LAG_MS = 1_000;
const HEARTBEAT_MS = 200;
/** A load slower than this is not stored (its forget marks may have been pruned). */
const MAX_LOAD_MS = 5_000;

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

export class VerificationCache {
  readonly maxEntries: number;
  /** Snapshots by key, packed in columns; products, plans and vendors shared. */
  private readonly entries: SnapshotStore;
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
  /** Licenses this process is changing whose message has not reached this cache yet. */
  private readonly writeMarks = new WriteMarks();
  /** Base licenses' keys by the add-on licenses whose grants their snapshot holds. */
  private readonly dependents = new AddonDependents();
  private counters = { hits: 0, misses: 0, forgotten: 0, flushes: 0 };
  primed = true;
  /** Called after the cache was emptied by a message (catalog change, bulk change, reconnect). */
  onFlush: (() => void) | null = null;

  constructor(options: { maxEntries: number }) {
    this.maxEntries = Math.max(1, options.maxEntries);
    this.entries = new SnapshotStore(this.maxEntries);
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
    this.writeMarks.register();
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
    this.writeMarks.unregister();
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
    if (hit === undefined || this.beingWritten(hit, now)) {
      this.counters.misses += 1;
      return undefined;
    }
    this.counters.hits += 1;
    return hit;
  }

  /** Keeps the cached `last_verified_at` in step with what verification noted (last-verified.ts). */
  touch(key: string, licenseAt: Date | null, seat: { id: string; at: Date } | null): void {
    this.entries.touch(key, licenseAt, seat);
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
    if (this.beingWritten(snapshot, now)) return false;
    if (!this.entries.set(key, snapshot)) return false;
    if (snapshot.addons.length > 0) this.dependents.note(key, snapshot.addons);
    return true;
  }

  /** The license, or one of the add-on licenses granting it entitlements, is being changed here. */
  private beingWritten(
    s: { license: { id: string }; addons: readonly { licenseId: string }[] },
    now: number,
  ) {
    if (this.writeMarks.isBeingWritten(s.license.id, now)) return true;
    for (const a of s.addons) if (this.writeMarks.isBeingWritten(a.licenseId, now)) return true;
    return false;
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
    this.dependents.clear();
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
    const id = payload.slice(0, space);
    this.writeMarks.end(id);
    this.forget(payload.slice(space + 1));
    const dependents = this.dependents.take(id);
    if (dependents) for (const key of dependents) this.forget(key);
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
}
