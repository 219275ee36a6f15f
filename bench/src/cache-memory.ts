/**
 * Bytes a license costs in the verification cache: primes N synthetic snapshots into a
 * VerificationCache and reads `process.memoryUsage()` after a full GC, before and after.
 *
 *   pnpm --filter @keyway/bench bench:cache-memory            # 100k and 1M
 *   CACHE_MEMORY_SIZES=10000,100000 pnpm --filter @keyway/bench bench:cache-memory
 *
 * The snapshots are shaped like a real license (ids of 24 characters, a customer, an order, one
 * domain seat, product / plan / vendor shared), with every 20th one carrying metadata, a second
 * seat, add-ons or its own entitlements. Strings are flat, as a driver hands them over.
 * Run with `--expose-gc` (the script does it itself by re-executing when `gc` is missing).
 * Prints one JSON line per size: `{ licenses, bytesPerLicense, heapBytes, externalBytes, rssGrowthBytes,
 * ms (to store them all), lookupNs (one cache hit, unpacking included) }`.
 */
import { spawnSync } from "node:child_process";
import { type LicenseSnapshot, VerificationCache } from "@keyway/core";

const gc = (globalThis as { gc?: () => void }).gc;

/** A flat copy (template literals longer than 12 characters make cons strings, a driver does not). */
const flat = (s: string) => Buffer.from(s, "latin1").toString("latin1");
const id = (prefix: string, i: number) => flat(`${prefix}_${i.toString(32).padStart(20, "0")}`);

const product: LicenseSnapshot["product"] = {
  id: "prd_00000000000000000001",
  kind: "software",
  number: 1,
  name: "Demo software",
  version: "1.0",
  keyFormat: { prefix: "", groups: 4, groupLength: 4, alphabet: "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" },
  bindingKind: "domain",
  archivedAt: null,
  seatMode: "fixed",
  heartbeatSeconds: null,
  devDomainPatterns: [],
} as unknown as LicenseSnapshot["product"];
const plan = { id: "pln_00000000000000000001", number: 1, name: "Monthly" };
const vendor = { id: "ven_00000000000000000001", slug: "demo", timezone: "Europe/Paris" };
const policy = { expiryStrategy: "maintain", gracePeriodDays: 0, clockStartsAt: "purchase" } as const;

const keyOf = (i: number) => flat(`KW${String(i).padStart(14, "0")}`);

export function syntheticSnapshot(i: number): LicenseSnapshot {
  const now = 1_780_000_000_000 + i;
  const rare = i % 20 === 0;
  const domain = flat(`site${i}.example.com`);
  const seat = (n: number) => ({
    id: id("act", i * 2 + n),
    kind: "domain" as const,
    value: n === 0 ? domain : flat(`www${n}.site${i}.example.com`),
    label: n === 0 ? domain : null,
    activatedAt: new Date(now),
    lastVerifiedAt: n === 0 ? new Date(now + 1000) : null,
    heartbeatAt: null,
  });
  return {
    license: {
      id: id("lic", i),
      vendorId: vendor.id,
      productId: product.id,
      customerId: id("cus", i),
      orderId: id("ord", i),
      planId: plan.id,
      durationValue: 1,
      durationUnit: "month",
      key: keyOf(i),
      name: rare ? flat(`Build server ${i}`) : null,
      metadata: rare ? { team: `t${i}`, seats: i % 7 } : null,
      status: "active",
      bindingKind: "domain",
      maxSeats: rare ? 3 : 1,
      startsAt: new Date(now),
      expiresAt: new Date(now + 365 * 86_400_000),
      activatedAt: new Date(now),
      renewedAt: null,
      lastVerifiedAt: new Date(now + 1000),
      suspendedAt: null,
      revokedAt: null,
      testMode: false,
      importedAt: null,
      clockPending: false,
      createdAt: new Date(now),
      updatedAt: new Date(now),
    },
    product,
    plan,
    vendor,
    policy,
    activations: rare ? [seat(0), seat(1)] : [seat(0)],
    entitlements: rare ? ["API_ACCESS", flat(`CODE_${i % 5}`)] : ["API_ACCESS"],
    addons: rare
      ? [{ licenseId: id("lic", i + 1), status: "active", expiresAt: null, entitlements: ["EXTRA"] }]
      : [],
  };
}

const used = () => {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.external, rss: m.rss };
};

/** `Cache`: the class to measure (another implementation can be passed in to compare). */
export async function measureCacheMemory(
  licenses: number,
  Cache: typeof VerificationCache = VerificationCache,
) {
  const cache = new Cache({ maxEntries: licenses });
  // An in-process (PGlite-like) handle: the cache serves without a heartbeat.
  await cache.attach(
    { kind: "pglite", listen: async () => async () => {}, notify: async () => {} },
    () => {},
  );
  const before = used();
  const started = Date.now();
  let ticket = cache.startLoad();
  for (let i = 1; i <= licenses; i += 1) {
    // A ticket per page, as priming takes them (an old ticket stores nothing).
    if (i % 5_000 === 0) ticket = cache.startLoad();
    const s = syntheticSnapshot(i);
    if (!cache.store(s.license.key, s, ticket)) throw new Error(`license ${i} not stored`);
  }
  const ms = Date.now() - started;
  const after = used();
  if (cache.stats().entries !== licenses) throw new Error("cache lost entries");
  // What a cache hit costs (map probe, recency, a fresh snapshot), over random keys.
  const reads = 300_000;
  const keys = Array.from({ length: 100_000 }, () => keyOf(1 + Math.floor(Math.random() * licenses)));
  let lookupNs = 0;
  // The second round is measured: the first warms the JIT.
  for (let round = 0; round < 2; round += 1) {
    const readStarted = process.hrtime.bigint();
    for (let n = 0; n < reads; n += 1) {
      if (!cache.lookup(keys[n % keys.length] ?? "")) throw new Error("cache miss");
    }
    lookupNs = Math.round(Number(process.hrtime.bigint() - readStarted) / reads);
  }
  const heapBytes = after.heap - before.heap;
  const externalBytes = after.external - before.external;
  const result = {
    licenses,
    bytesPerLicense: Math.round((heapBytes + externalBytes) / licenses),
    heapBytes,
    externalBytes,
    rssGrowthBytes: after.rss - before.rss,
    ms,
    lookupNs,
  };
  await cache.close();
  return result;
}

async function main() {
  const sizes = (process.env.CACHE_MEMORY_SIZES ?? "100000,1000000").split(",").map(Number);
  for (const n of sizes) console.log(JSON.stringify(await measureCacheMemory(n)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!gc) {
    // Re-run with the collector exposed (tsx passes Node's flags through).
    const child = spawnSync(
      process.execPath,
      ["--expose-gc", ...process.execArgv, ...process.argv.slice(1)],
      {
        stdio: "inherit",
      },
    );
    process.exit(child.status ?? 1);
  }
  await main();
}
