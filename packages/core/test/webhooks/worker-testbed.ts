import { seedDemo } from "@keyway/db/seed";
import { createTestDb, type TestDb } from "@keyway/db/testing";
import { afterAll, afterEach, beforeAll } from "vitest";
import { recordEvent } from "../../src/events/record-event";
import type { PaymentEventData } from "../../src/webhooks/render-body";
import {
  createWebhookWorker,
  type WebhookWorker,
  type WebhookWorkerOptions,
} from "../../src/webhooks/worker";
import { removeEndpoints, secrets } from "./helpers";
import { type Receiver, startReceiver } from "./receiver";

export interface WorkerTestbed {
  t: TestDb;
  vendorId: string;
  /** Answers 200 "ok" unless a test sets `respond`; emptied after each test. */
  receiver: Receiver;
  /** A worker on the test database, private URLs allowed unless told otherwise. */
  worker: (options?: Partial<WebhookWorkerOptions>) => WebhookWorker;
  /** Queues a `license.renewed` event for `licenseId`, numbered `seq`. */
  licenseEvent: (licenseId: string, seq: number, now?: Date) => ReturnType<typeof recordEvent>;
}

/**
 * The database (demo vendor seeded) and receiver of one test file: filled before its first test,
 * its endpoints removed and its receiver reset after each. Read it inside a test.
 */
export function useWorkerTestbed(): WorkerTestbed {
  let started: { t: TestDb; vendorId: string; receiver: Receiver } | null = null;
  const get = () => {
    if (!started) throw new Error("the worker testbed is read inside a test");
    return started;
  };
  beforeAll(async () => {
    const t = await createTestDb();
    started = { t, vendorId: (await seedDemo(t.db)).vendorId, receiver: await startReceiver() };
  });
  afterAll(async () => {
    await started?.receiver.close();
    await started?.t.close();
  });
  afterEach(async () => {
    const { t, vendorId, receiver } = get();
    await removeEndpoints(t.db, vendorId);
    receiver.received.length = 0;
    receiver.respond = (_req, res) => res.writeHead(200).end("ok");
  });
  return {
    get t() {
      return get().t;
    },
    get vendorId() {
      return get().vendorId;
    },
    get receiver() {
      return get().receiver;
    },
    worker: (options = {}) =>
      createWebhookWorker({ db: get().t.db, secrets, allowPrivateUrls: true, ...options }),
    licenseEvent: (licenseId, seq, now) =>
      recordEvent(get().t.db, {
        vendorId: get().vendorId,
        type: "license.renewed",
        subjectType: "license",
        subjectId: licenseId,
        licenseId,
        data: { license_id: licenseId, seq },
        ...(now ? { now } : {}),
      }),
  };
}

/** A payment event's data (seed 000's purchase). */
export const paymentData: PaymentEventData = {
  order_id: "ord_1",
  reference: "TXN-1716942000000-8452",
  gateway: "sandbox",
  gateway_txn_id: "UPI298452093845",
  amount: 299900,
  amount_decimal: "2999.00",
  currency: "INR",
  customer: { id: "cus_1", phone: "9460439200", email: null },
  product: {
    id: "prd_1",
    number: 1,
    slug: "trading-analyzer",
    name: "Smart Item Trading Analyzer",
    kind: "addon",
  },
  binding_value: "B-12345678",
  license_keys: ["GA-X3R9-K9L2-M4P1"],
  license_id: "lic_pay",
  subscription_id: null,
  test_mode: true,
};
