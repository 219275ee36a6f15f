import {
  and,
  createDb,
  customerMessages,
  customers,
  type Database,
  eq,
  events,
  inArray,
  sql,
} from "@keyway/db";
import type { TestDb } from "@keyway/db/testing";
import type { OrderSettings } from "../../src/commerce/create-order";
import { createSandboxGateway } from "../../src/commerce/gateways/sandbox";
import { issueLicense } from "../../src/licensing/issue-license";
import { runScheduler } from "../../src/lifecycle/scheduler";
import { DAY_MS } from "../../src/shared/duration";
import { accountsOf } from "../commerce/accounts";

export const publicUrl = "http://keyway.test";
export const orderSettings: OrderSettings = {
  accounts: accountsOf({ sandbox: createSandboxGateway(publicUrl) }),
  sandbox: "test-mode-only",
  publicUrl,
  ttlMinutes: 60,
};

export const days = (n: number) => n * DAY_MS;
export const shift = (from: Date, ms: number) => new Date(from.getTime() + ms);

/** Runs the scheduler at `now` with the test order settings. */
export function tick(db: Database, now: Date, batchSize?: number) {
  return runScheduler(db, { now, orderSettings, ...(batchSize ? { batchSize } : {}) });
}

let customerCount = 0;
export async function newCustomer(
  db: Database,
  vendorId: string,
  contact: { email?: string; phone?: string } = {},
) {
  customerCount++;
  const [row] = await db
    .insert(customers)
    .values({
      vendorId,
      email: contact.email ?? (contact.phone ? null : `lifecycle-${customerCount}-${Date.now()}@example.com`),
      phone: contact.phone ?? null,
    })
    .returning();
  if (!row) throw new Error("customer");
  return row;
}

/** An active license of `productId` with this expiry (and customer). */
export function licenseExpiring(
  db: Database,
  params: { vendorId: string; productId: string; expiresAt: Date; customerId?: string | null; now?: Date },
) {
  return db.transaction((tx) =>
    issueLicense(tx, {
      vendorId: params.vendorId,
      productId: params.productId,
      customerId: params.customerId ?? null,
      status: "active",
      durationValue: 1,
      durationUnit: "month",
      expiresAt: params.expiresAt,
      ...(params.now ? { now: params.now } : {}),
    }),
  );
}

/** Events of these types about one license (or subject), oldest first. */
export async function eventsOf(db: Database, licenseId: string, types: string[]) {
  return db
    .select()
    .from(events)
    .where(and(eq(events.licenseId, licenseId), inArray(events.type, types)))
    .orderBy(events.createdAt, events.id);
}

export async function messagesOf(db: Database, licenseId: string) {
  return db.select().from(customerMessages).where(eq(customerMessages.licenseId, licenseId));
}

export const LIFECYCLE_TYPES = ["license.expiring_soon", "license.expired", "license.grace_ended"];

/**
 * `n` handles on the test database: separate connection pools on Postgres, so the schedulers
 * really race; on PGlite the one in-process database (its transactions take turns).
 */
export async function handles(testDb: TestDb, n: number) {
  if (!testDb.url) return { dbs: Array.from({ length: n }, () => testDb.db), close: async () => {} };
  const url = testDb.url;
  const opened = await Promise.all(Array.from({ length: n }, () => createDb({ databaseUrl: url, max: 4 })));
  return {
    dbs: opened.map((h) => h.db),
    close: () => Promise.all(opened.map((h) => h.close())).then(() => {}),
  };
}

/** Makes every insert of an event about `licenseId` fail, as a process dying mid-sweep would. */
export async function failEventsOf(db: Database, licenseId: string) {
  await db.execute(
    sql.raw(`create or replace function keyway_test_crash() returns trigger language plpgsql as $$
      begin
        if new.license_id = '${licenseId}' then raise exception 'scheduler killed mid-sweep'; end if;
        return new;
      end $$`),
  );
  await db.execute(
    sql`create trigger keyway_test_crash before insert on events for each row execute function keyway_test_crash()`,
  );
  return async () => {
    await db.execute(sql`drop trigger keyway_test_crash on events`);
  };
}
