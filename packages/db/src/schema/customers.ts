import { pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, tstz, updatedAt, vendorId } from "./columns";
import { vendors } from "./vendors";

export const customers = pgTable(
  "customers",
  {
    id: id("cus"),
    vendorId: vendorId().references(() => vendors.id),
    email: text("email"),
    /** Digits only, as entered (Biznoq: 10 digits). */
    phone: text("phone"),
    name: text("name"),
    /** Set when the customer unsubscribed from reminders (transactional messages still go). */
    remindersUnsubscribedAt: tstz("reminders_unsubscribed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("customers_vendor_email_key").on(t.vendorId, t.email),
    uniqueIndex("customers_vendor_phone_key").on(t.vendorId, t.phone),
    // A vendor's customers are found through either key's leading vendor_id: no index of its own.
  ],
);
