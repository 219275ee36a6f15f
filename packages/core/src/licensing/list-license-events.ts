import { and, type Executor, eq, events, licenses } from "@keyway/db";
import type { LicenseEvent } from "@keyway/schema";
import { afterCursor, newestFirst, pageOf } from "../shared/cursor";
import { DomainError } from "../shared/errors";

/** The audit timeline of one of the vendor's licenses, newest first. */
export async function listLicenseEvents(
  db: Executor,
  params: { vendorId: string; licenseId: string; limit?: number; cursor?: string | undefined },
): Promise<{ items: LicenseEvent[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(params.limit ?? 50, 1), 200);
  const [license] = await db
    .select({ id: licenses.id })
    .from(licenses)
    .where(and(eq(licenses.id, params.licenseId), eq(licenses.vendorId, params.vendorId)));
  if (!license) throw new DomainError("license_not_found", "The license was not found.");
  const conditions = [eq(events.licenseId, license.id), eq(events.vendorId, params.vendorId)];
  if (params.cursor) conditions.push(afterCursor(events, params.cursor, params.vendorId));
  const rows = await db
    .select()
    .from(events)
    .where(and(...conditions))
    .orderBy(...newestFirst(events))
    .limit(limit + 1);
  const { page, nextCursor } = pageOf(rows, limit, (e) => e.id);
  return {
    items: page.map((e) => ({
      id: e.id,
      type: e.type,
      actor: e.actor,
      data: e.data,
      createdAt: e.createdAt.toISOString(),
    })),
    nextCursor,
  };
}
