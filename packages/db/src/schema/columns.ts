import { integer, text, timestamp } from "drizzle-orm/pg-core";
import { customAlphabet } from "nanoid";

/** Readable, prefixed public ids (`lic_…`, `ord_…`): 20 chars of base32 after the prefix. */
// nanoid draws from a pooled CSPRNG buffer: one randomBytes call per id cost ~20 µs on a VM
// (three per order).
const idBody = customAlphabet("0123456789abcdefghjkmnpqrstvwxyz", 20);
export function newId(prefix: string): string {
  return `${prefix}_${idBody()}`;
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
