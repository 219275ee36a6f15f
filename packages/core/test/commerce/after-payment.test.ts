import { describe, expect, it } from "vitest";
import { pageAfterPayment } from "../../src/commerce/after-payment";

const publicUrl = "https://keyway.example";
const orderPage = `${publicUrl}/orders/tok_1`;
const urls: { token: string; returnUrl: string | null; cancelUrl: string | null } = {
  token: "tok_1",
  returnUrl: "https://shop.example/thanks",
  cancelUrl: "https://shop.example/cart",
};
const page = (
  order: Partial<typeof urls> & { status: "pending" | "paid" | "failed" | "cancelled" | "expired" },
  cancelled = false,
) => pageAfterPayment(publicUrl, { ...urls, ...order }, { cancelled });

describe("pageAfterPayment: one rule for the pay page and every gateway's return", () => {
  it("sends a paid order's buyer to the return URL, else to the order page", () => {
    expect(page({ status: "paid" })).toBe(urls.returnUrl);
    expect(page({ status: "paid" }, true)).toBe(urls.returnUrl);
    expect(page({ status: "paid", returnUrl: null })).toBe(orderPage);
  });

  it("sends a buyer who cancelled to the cancel URL (the order may still be pending at the gateway), else to the order page", () => {
    expect(page({ status: "cancelled" })).toBe(urls.cancelUrl);
    expect(page({ status: "pending" }, true)).toBe(urls.cancelUrl);
    expect(page({ status: "cancelled", cancelUrl: null })).toBe(orderPage);
  });

  it("sends everyone else to the order page: failed, expired, or not settled yet", () => {
    for (const status of ["failed", "expired", "pending"] as const) expect(page({ status })).toBe(orderPage);
  });
});
