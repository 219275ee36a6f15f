import { eq, licenses, orders, payments, vendors } from "@keyway/db";
import type { TestDb } from "@keyway/db/testing";
import { createTestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPaymentResult } from "../../src/commerce/apply-payment";
import { type CreateOrderParams, createOrder } from "../../src/commerce/create-order";
import type { PaymentGateway } from "../../src/commerce/gateways/gateway";
import { createSandboxGateway, sandboxResult } from "../../src/commerce/gateways/sandbox";
import { demoSetup } from "../licensing/helpers";
import { accountsOf } from "./accounts";

let db: TestDb;
let ctx: Awaited<ReturnType<typeof demoSetup>>;
const publicUrl = "http://keyway.test";
/** A real gateway as far as createOrder can tell: it opens payments at its own URL. */
const paypal: PaymentGateway = {
  name: "paypal",
  async createPayment(request) {
    return {
      paymentUrl: `https://paypal.test/checkout/${request.reference}`,
      gatewayOrderId: request.reference,
    };
  },
};

beforeAll(async () => {
  db = await createTestDb();
  ctx = await demoSetup(db.db);
});
afterAll(async () => {
  await db.close();
});

const order = (params: Partial<CreateOrderParams> & Pick<CreateOrderParams, "sandbox">) =>
  createOrder(db.db, {
    vendorId: ctx.vendorId,
    item: { kind: "addon", productNumber: ctx.addon.number, serialNo: "B-12345678" },
    customer: { phone: "9000000201" },
    accounts: accountsOf({ sandbox: createSandboxGateway(publicUrl) }),
    publicUrl,
    ttlMinutes: 60,
    ...params,
  });
const row = async (orderId: string) => {
  const [found] = await db.db.select().from(orders).where(eq(orders.id, orderId));
  if (!found) throw new Error("no order");
  return found;
};
const useGateway = (gateway: "sandbox" | "paypal") =>
  db.db.update(vendors).set({ defaultGateway: gateway }).where(eq(vendors.id, ctx.vendorId));

describe("the sandbox where it may only take test-mode orders (production)", () => {
  it("refuses a live order when the vendor has no real gateway here", async () => {
    await useGateway("sandbox");
    await expect(order({ sandbox: "test-mode-only" })).rejects.toMatchObject({
      code: "payments_unavailable",
      message: "This store cannot take payments yet.",
    });
    await useGateway("paypal");
    await expect(order({ sandbox: "test-mode-only" })).rejects.toMatchObject({
      code: "payments_unavailable",
    });
    await expect(order({ sandbox: "test-mode-only", gateway: "sandbox" })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });

  it("takes a test-mode order, and a live one through a configured real gateway", async () => {
    await useGateway("paypal");
    const test = await order({ sandbox: "test-mode-only", testMode: true });
    expect(test.paymentUrl).toBe(`${publicUrl}/pay/${test.token}`);
    expect(await row(test.orderId)).toMatchObject({ gateway: "sandbox", testMode: true });
    const live = await order({
      sandbox: "test-mode-only",
      accounts: accountsOf({ sandbox: createSandboxGateway(publicUrl), paypal }),
    });
    expect(live.paymentUrl).toMatch(/^https:\/\/paypal\.test\//);
    expect(await row(live.orderId)).toMatchObject({ gateway: "paypal", testMode: false });
  });
});

describe("the sandbox standing in for every gateway (development)", () => {
  it("makes every order it takes a test-mode order, also for a default gateway not configured here", async () => {
    for (const gateway of ["sandbox", "paypal"] as const) {
      await useGateway(gateway);
      const made = await order({ sandbox: "stand-in" });
      expect(made.paymentUrl).toBe(`${publicUrl}/pay/${made.token}`);
      const found = await row(made.orderId);
      expect(found).toMatchObject({ gateway: "sandbox", testMode: true });
      const [license] = await db.db
        .select()
        .from(licenses)
        .where(eq(licenses.id, found.licenseId ?? ""));
      expect(license?.testMode).toBe(true);
    }
  });
});

describe("applyPaymentResult", () => {
  it("refuses and records a sandbox payment of a live order; the order stays pending", async () => {
    await useGateway("sandbox");
    const made = await order({ sandbox: "stand-in" });
    // A live order on the sandbox, as rows written before the rule.
    const legacy = await db.db
      .update(orders)
      .set({ testMode: false })
      .where(eq(orders.id, made.orderId))
      .returning();
    const outcome = await applyPaymentResult(
      db.db,
      sandboxResult(legacy[0] ?? (await row(made.orderId)), "pay"),
    );
    expect(outcome).toMatchObject({
      status: "refused",
      orderStatus: "pending",
      reason: expect.stringMatching(/live order/),
    });
    expect((await row(made.orderId)).status).toBe("pending");
    const recorded = await db.db.select().from(payments).where(eq(payments.orderId, made.orderId));
    expect(recorded.map((p) => p.status)).toEqual(["refused"]);
    const cancelled = await applyPaymentResult(db.db, sandboxResult(await row(made.orderId), "cancel"));
    expect(cancelled).toMatchObject({ status: "refused", orderStatus: "pending" });
  });
});
