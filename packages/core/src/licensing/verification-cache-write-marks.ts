/**
 * Licenses being changed by a transaction of this process, shared by every verification cache in
 * it: while marked, a cache neither answers for the license nor keeps a read of it, until the
 * change's NOTIFY arrives (so a client that revokes and then verifies through the same process
 * never sees the old answer).
 */
const writing = new Map<string, number>();

/** A write mark whose message never came (rolled back) stops bypassing after this. */
const WRITE_MARK_MS = 5_000;

/** Called inside the transaction that changes a license (recordLicenseEvent). */
export function noteLicenseWrite(licenseId: string): void {
  const now = Date.now();
  // Marks whose message never comes (an event with no row change, a rollback) age out here.
  if (writing.size > 10_000) {
    for (const [id, at] of writing) if (now - at >= WRITE_MARK_MS) writing.delete(id);
  }
  writing.set(licenseId, now);
}

export function isBeingWritten(licenseId: string, now: number): boolean {
  const at = writing.get(licenseId);
  if (at === undefined) return false;
  if (now - at < WRITE_MARK_MS) return true;
  writing.delete(licenseId);
  return false;
}

/** The change's message arrived: caches may answer for the license again. */
export function endLicenseWrite(licenseId: string): void {
  writing.delete(licenseId);
}
