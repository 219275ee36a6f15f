/**
 * Licenses being changed by a transaction of this process. Each verification cache in the process
 * holds its own marks: while a license is marked, that cache neither answers for it nor keeps a
 * read of it, until the change's NOTIFY reaches that same cache (so a client that revokes and
 * then verifies through the same process never sees the old answer). Per cache, because two
 * caches in one process (tests, or two servers on one handle) hear the message at different
 * moments: one hearing it must not clear the other's mark.
 */
const registered = new Set<WriteMarks>();

/** A write mark whose message never came (rolled back) stops bypassing after this. */
const WRITE_MARK_MS = 5_000;

export class WriteMarks {
  private readonly writing = new Map<string, number>();

  /** Starts receiving marks (a cache that is listening). */
  register(): void {
    registered.add(this);
  }

  unregister(): void {
    registered.delete(this);
    this.writing.clear();
  }

  mark(licenseId: string, now: number): void {
    // Marks whose message never comes (an event with no row change, a rollback) age out here.
    if (this.writing.size > 10_000) {
      for (const [id, at] of this.writing) if (now - at >= WRITE_MARK_MS) this.writing.delete(id);
    }
    this.writing.set(licenseId, now);
  }

  isBeingWritten(licenseId: string, now: number): boolean {
    const at = this.writing.get(licenseId);
    if (at === undefined) return false;
    if (now - at < WRITE_MARK_MS) return true;
    this.writing.delete(licenseId);
    return false;
  }

  /** The change's message reached this cache: it may answer for the license again. */
  end(licenseId: string): void {
    this.writing.delete(licenseId);
  }
}

/** Called inside the transaction that changes a license (recordLicenseEvent). */
export function noteLicenseWrite(licenseId: string): void {
  const now = Date.now();
  for (const marks of registered) marks.mark(licenseId, now);
}
