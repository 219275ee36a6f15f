import { describe, expect, it } from "vitest";
import { refundNote } from "./refund-note";

describe("an order's refund, in words", () => {
  const order = { status: "paid", amount: 2999, refundedAmount: 0, currency: "INR" };
  it("says nothing when nothing went back", () => {
    expect(refundNote(order)).toBeNull();
  });
  it("says how much went back, and when all of it did", () => {
    expect(refundNote({ ...order, status: "partially_refunded", refundedAmount: 1000 }, null, "en-IN")).toBe(
      "Partially refunded: ₹10.00 back",
    );
    expect(refundNote({ ...order, status: "refunded", refundedAmount: 2999 }, null, "en-IN")).toBe(
      "Refunded ₹29.99",
    );
    expect(
      refundNote({ ...order, status: "refunded", refundedAmount: 2999 }, "2026-05-02T10:00:00Z", "en-GB"),
    ).toBe("Refunded ₹29.99 on 2 May 2026");
  });
});
