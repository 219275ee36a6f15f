import type { Database } from "@keyway/db";
import {
  type LicenseSnapshot,
  loadLicenseSnapshotByKey,
  loadProductLicense,
  type ProductLookup,
} from "./license-snapshot";
import type { VerificationCache } from "./verification-cache";

/** Which cache each database handle reads through, and the reads that go through it. */
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
