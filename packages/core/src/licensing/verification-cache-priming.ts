import { type Database, gt, licenses } from "@keyway/db";
import { type LicenseSnapshot, selectSnapshots, toSnapshot } from "./license-snapshot";
import type { VerificationCache } from "./verification-cache";

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
