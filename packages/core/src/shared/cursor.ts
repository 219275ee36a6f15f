import { DomainError } from "./errors";

/**
 * Opaque page cursor: the id of the last row of the page. The next page starts strictly after
 * that row's (created_at, id) as stored, so microsecond timestamps never skip or repeat rows.
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
