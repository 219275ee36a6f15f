import {
  asc,
  type Database,
  type Executor,
  eq,
  licenses,
  lte,
  orders,
  plans,
  products,
  sql,
  subscriptions,
  vendors,
} from "@keyway/db";
import type { ExpiryPolicy } from "@keyway/schema";
import { type RecordEventParams, recordEvents } from "../events/record-event";
import { type QueueCustomerMessageParams, queueCustomerMessages } from "../messages/queue-message";
import { keyLast4 } from "../messages/templates";
import { messageLinksOf } from "../messages/unsubscribe";
import { effectiveExpiryPolicy } from "./expiry-policy";
import { type DueLicenseEvent, type LicenseSchedule, planLicenseSchedule } from "./license-schedule";
import {
  policyColumns,
  type SavedSchedule,
  type SweepParams,
  type SweepResult,
  saveSchedules,
} from "./sweep";

/**
 * One batch of due licenses (`lifecycle_due_at <= now`), claimed with `FOR UPDATE SKIP LOCKED` so
 * any number of schedulers share the work: in one transaction, each license's due events
 * (`license.expiring_soon`, `license.expired`, `license.grace_ended`, license-schedule.ts) are
 * recorded with their outbox rows and customer messages, and marked sent. A crash anywhere rolls
 * the whole batch back: nothing is lost, nothing is sent twice.
 */
export async function sweepLicenses(db: Database, params: SweepParams): Promise<SweepResult> {
  return db.transaction(async (tx) => {
    const rows = await claimDueLicenses(tx, params);
    const saved: SavedSchedule<string>[] = [];
    const announced: {
      row: DueLicense;
      event: RecordEventParams;
      due: DueLicenseEvent;
      schedule: LicenseSchedule;
    }[] = [];
    for (const row of rows) {
      const policy = effectiveExpiryPolicy(row.product, row.plan);
      const schedule = planLicenseSchedule({
        status: row.license.status,
        clockPending: row.license.clockPending,
        expiresAt: row.license.expiresAt,
        policy,
        reminderOffsetsDays: row.vendor.reminderOffsetsDays,
        sent: row.license.lifecycleSent,
        now: params.now,
      });
      for (const [i, due] of schedule.due.entries()) {
        // A millisecond apart: the license's timeline keeps them in order (expired, grace_ended).
        const at = new Date(params.now.getTime() + i);
        announced.push({ row, due, schedule, event: licenseEvent(row, policy, schedule, due, at) });
      }
      saved.push({
        id: row.license.id,
        sent: [...row.license.lifecycleSent, ...schedule.due.map((d) => d.sentKey)],
        dueAt: schedule.next,
      });
    }
    // The batch's events in one go (a few statements, not a few per event).
    const recorded = await recordEvents(
      tx,
      announced.map((a) => a.event),
    );
    const reminders: QueueCustomerMessageParams[] = [];
    for (const [i, { row, due, schedule }] of announced.entries()) {
      const eventId = recorded[i]?.eventId;
      if (eventId && due.tellCustomer && row.vendor.remindersEnabled)
        reminders.push(reminder(row, schedule, due, eventId, params));
    }
    await queueCustomerMessages(tx, reminders, messageLinksOf(params.orderSettings));
    await saveSchedules(tx, "licenses", saved);
    return { claimed: rows.length, events: announced.length };
  });
}

type DueLicense = Awaited<ReturnType<typeof claimDueLicenses>>[number];

function claimDueLicenses(tx: Executor, params: SweepParams) {
  return tx
    .select({
      license: {
        id: licenses.id,
        vendorId: licenses.vendorId,
        productId: licenses.productId,
        customerId: licenses.customerId,
        key: licenses.key,
        status: licenses.status,
        expiresAt: licenses.expiresAt,
        clockPending: licenses.clockPending,
        testMode: licenses.testMode,
        lifecycleSent: licenses.lifecycleSent,
      },
      ...policyColumns,
      // A subscription's license renews by paying the renewal order the scheduler opened.
      renewalPaymentUrl: sql<string | null>`(
        select ${orders.paymentUrl} from ${subscriptions}
        join ${orders} on ${orders.id} = ${subscriptions.renewalOrderId}
        where ${subscriptions.licenseId} = ${licenses.id} and ${orders.status} = 'pending'
          and ${orders.expiresAt} > ${params.now.toISOString()}::timestamptz
        limit 1)`,
    })
    .from(licenses)
    .innerJoin(products, eq(products.id, licenses.productId))
    .leftJoin(plans, eq(plans.id, licenses.planId))
    .innerJoin(vendors, eq(vendors.id, licenses.vendorId))
    .where(lte(licenses.lifecycleDueAt, params.now))
    .orderBy(asc(licenses.lifecycleDueAt))
    .limit(params.batchSize)
    .for("update", { of: licenses, skipLocked: true });
}

/**
 * The event's data follows the other license events (`license_id`, `key`, `product_id`,
 * `expires_at`…). `recordEvent`'s, not `recordLicenseEvent`'s: nothing a verification reads
 * changes here, so verification caches must not be told the license is being written.
 */
function licenseEvent(
  row: DueLicense,
  policy: ExpiryPolicy,
  schedule: LicenseSchedule,
  due: DueLicenseEvent,
  now: Date,
): RecordEventParams {
  const { license } = row;
  return {
    vendorId: license.vendorId,
    type: due.type,
    subjectType: "license",
    subjectId: license.id,
    licenseId: license.id,
    data: {
      license_id: license.id,
      key: license.key,
      product_id: license.productId,
      customer_id: license.customerId,
      expires_at: license.expiresAt?.toISOString() ?? null,
      ...(due.type === "license.expiring_soon"
        ? { days_left: due.daysLeft }
        : {
            grace_ends_at: schedule.graceEndsAt?.toISOString() ?? null,
            expiry_strategy: policy.expiryStrategy,
          }),
      test_mode: license.testMode,
    },
    now,
  };
}

/**
 * The customer's reminder (before expiry) or notice (the expiry, the grace's end): the key's last
 * 4 characters only, and where to renew.
 */
function reminder(
  row: DueLicense,
  schedule: LicenseSchedule,
  due: DueLicenseEvent,
  eventId: string,
  params: SweepParams,
): QueueCustomerMessageParams {
  const { license } = row;
  return {
    vendorId: license.vendorId,
    customerId: license.customerId,
    licenseId: license.id,
    eventId,
    kind: due.type,
    facts: {
      product_name: row.product.name,
      key_last4: keyLast4(license.key),
      expires_at: license.expiresAt?.toISOString() ?? null,
      days_left: due.daysLeft,
      ...(due.type === "license.grace_ended"
        ? { grace_ends_at: schedule.graceEndsAt?.toISOString() ?? null }
        : {}),
      // The portal signs the customer in with a code and renews there: the key never travels.
      renew_url: row.renewalPaymentUrl ?? `${params.orderSettings.publicUrl}/account/licenses`,
    },
    now: params.now,
  };
}
