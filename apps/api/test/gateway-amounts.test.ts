import { createPayPalGateway } from "@keyway/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakePayPal } from "./fakes/paypal";

/**
 * A gateway is asked for, and read back, amounts in the currency's own digits (the schema's
 * `money`): ¥1500 is "1500" at PayPal, not "15.00"; 1.250 KWD is "1.250".
 */

let paypal: Awaited<ReturnType<typeof startFakePayPal>>;
beforeAll(async () => {
  paypal = await startFakePayPal("client-id", "client-secret");
});
afterAll(() => paypal.close());

describe("PayPal amounts in the order's currency", () => {
  const gateway = () =>
    createPayPalGateway({ baseUrl: paypal.url, clientId: "client-id", clientSecret: "client-secret" });
  const open = (reference: string, amount: number, currency: string) =>
    gateway().createPayment({
      orderId: `ord_${reference}`,
      reference,
      token: `tok_${reference}`,
      amount,
      currency,
      description: "Yen Suite",
      customer: {},
      returnUrl: "https://example.com/return",
      cancelUrl: "https://example.com/cancel",
      extra: {},
      createdAt: new Date(),
    });

  it.each([
    { amount: 1500, currency: "JPY", value: "1500" },
    { amount: 299900, currency: "INR", value: "2999.00" },
    { amount: 1250, currency: "KWD", value: "1.250" },
  ])("asks for $amount minor units of $currency as $value and reads the capture back", async (c) => {
    const reference = `TXN-${c.currency}-${c.amount}`;
    const { gatewayOrderId } = await open(reference, c.amount, c.currency);
    const id = gatewayOrderId ?? "";
    expect(paypal.orders.get(id)?.purchase_units[0]?.amount).toEqual({
      currency_code: c.currency,
      value: c.value,
    });
    paypal.approve(id);
    const paid = await gateway().fetchStatus?.({
      reference,
      gatewayOrderId: id,
      createdAt: new Date(),
      amount: c.amount,
      currency: c.currency,
    });
    expect(paid).toMatchObject({ outcome: "paid", amount: c.amount, currency: c.currency });
  });
});
