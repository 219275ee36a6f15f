import { type AnyColumn, desc, type SQL, sql, type Table } from "@keyway/db";
import { DomainError } from "./errors";

/**
 * Opaque page cursor: the id of the last row of the page. The next page starts strictly after
 * that row's (created_at, id) as stored, so microsecond timestamps never skip or repeat rows.
 * Every cursor-paged list (licenses, license events, orders, customers) goes through here.
 */
export function encodeCursor(id: string): string {
  return Buffer.from(id, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^[a-z]{2,8}_[0-9a-z]{10,40}$/.test(id)) {
    throw new DomainError("invalid_input", "The cursor is not valid.", { field: "cursor" });
  }
  return id;
}

/** A vendor's table paged newest first: its `created_at`, then its id to break ties. */
type Paged = Table & { createdAt: AnyColumn; id: AnyColumn; vendorId: AnyColumn };

/** The order every cursor-paged list reads in. */
export function newestFirst(table: Paged): SQL[] {
  return [desc(table.createdAt), desc(table.id)];
}

/**
 * The vendor's rows after the cursor's row in `newestFirst` order. A cursor naming no row of
 * theirs (another vendor's, a deleted one) matches nothing rather than restarting the list.
 */
export function afterCursor(table: Paged, cursor: string, vendorId: string): SQL {
  const id = decodeCursor(cursor);
  return sql`(${table.createdAt}, ${table.id}) < (select ${table.createdAt}, ${table.id} from ${table} where ${table.id} = ${id} and ${table.vendorId} = ${vendorId})`;
}

/** Cut the `limit + 1` rows read into the page and the cursor of the next one (null on the last). */
export function pageOf<T>(
  rows: T[],
  limit: number,
  idOf: (row: T) => string,
): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(idOf(last)) : null };
}
