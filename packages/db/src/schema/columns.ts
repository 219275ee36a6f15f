import { randomBytes } from "node:crypto";
import { integer, text, timestamp } from "drizzle-orm/pg-core";

/** Readable, prefixed public ids (`lic_…`, `ord_…`): 20 chars of base32 after the prefix. */
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
export function newId(prefix: string): string {
  const bytes = randomBytes(20);
  let out = "";
  for (const b of bytes) out += ALPHABET[b & 31];
  return `${prefix}_${out}`;
}

export const id = (prefix: string) =>
  text("id")
    .primaryKey()
    .$defaultFn(() => newId(prefix));

export const vendorId = () => text("vendor_id").notNull();

export const createdAt = () =>
  timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp("updated_at", { withTimezone: true, mode: "date" })
    .notNull()
    .defaultNow()
    .$onUpdateFn(() => new Date());

export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** Money is always integer minor units plus an ISO 4217 code. */
export const amount = (name = "amount") => integer(name).notNull();
export const currency = () => text("currency").notNull();

export type DurationUnit = "hour" | "day" | "week" | "month" | "year";
