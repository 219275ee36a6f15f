import { index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, vendorId } from "./columns";
import { vendors } from "./vendors";

/** The audit trail: every change to a license, order or subscription, and who made it. */
export const events = pgTable(
  "events",
  {
    id: id("evt"),
    vendorId: vendorId().references(() => vendors.id),
    type: text("type").notNull(),
    /** `license`, `order`, `subscription`, `payment`… */
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    licenseId: text("license_id"),
    /** `api:<credential id>`, `user:<id>`, `customer:<id>`, `gateway:<name>`, `system`. */
    actor: text("actor").notNull().default("system"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index("events_subject_idx").on(t.subjectType, t.subjectId, t.createdAt),
    index("events_license_idx").on(t.licenseId, t.createdAt),
    index("events_vendor_idx").on(t.vendorId, t.createdAt),
  ],
);
