import type { Executor } from "@keyway/db";

/**
 * How long a process answers an API credential from memory: every API request presents one,
 * and looking it up was one of an order's three round trips. A credential revoked or rotated
 * is refused at once by the process that did it (`forgetCredentials`) and by every other
 * process within this bound (their entries age out): no trigger or NOTIFY is needed, and a lost
 * listen connection cannot stretch it.
 */
export const CREDENTIAL_CACHE_MS = 1_000;

/** Bounded: the cache holds the credentials in use, not every secret anyone tried. */
const MAX_ENTRIES = 10_000;

/** What a credential resolves to (the columns `authenticateCredential` reads). */
export interface CredentialRow {
  credentialId: string;
  key: string;
  vendorId: string;
  brandUrl: string | null;
  timezone: string;
  currency: string;
  lastUsedAt: Date | null;
}

interface Entries {
  map: Map<string, Entry>;
  /** Bumped by `forgetCredentials`: a read that began before it is not stored. */
  generation: number;
}

interface Entry {
  row: CredentialRow;
  /** Epoch ms after which the entry is not served. */
  until: number;
}

/** SHA-256 of the secret → its credential, per database handle (two test databases never mix). */
const byHandle = new WeakMap<object, Entries>();

function entriesOf(db: Executor): Entries {
  let entries = byHandle.get(db);
  if (!entries) {
    entries = { map: new Map(), generation: 0 };
    byHandle.set(db, entries);
  }
  return entries;
}

/** The live credential for `secretHash` if it was read within `CREDENTIAL_CACHE_MS` of `now`. */
export function cachedCredential(db: Executor, secretHash: string, now: number): CredentialRow | null {
  const entries = byHandle.get(db)?.map;
  const entry = entries?.get(secretHash);
  if (!entry) return null;
  if (now < entry.until) return entry.row;
  entries?.delete(secretHash);
  return null;
}

/** Take before reading the database; pass to `rememberCredential`. */
export function credentialGeneration(db: Executor): number {
  return entriesOf(db).generation;
}

/**
 * Remembers a live credential read from the database at `readAt`, unless this process revoked
 * or rotated one since the read began (`generation`).
 */
export function rememberCredential(
  db: Executor,
  secretHash: string,
  row: CredentialRow,
  read: { at: number; generation: number },
) {
  const entries = entriesOf(db);
  if (entries.generation !== read.generation) return;
  if (entries.map.size >= MAX_ENTRIES) entries.map.clear();
  entries.map.set(secretHash, { row, until: read.at + CREDENTIAL_CACHE_MS });
}

/** After a revocation or rotation through `db`: this process stops answering from memory at once. */
export function forgetCredentials(db: Executor) {
  const entries = entriesOf(db);
  entries.generation++;
  entries.map.clear();
}
