import type { Refund, RefundResult } from "@keyway/schema";
import { describe, expect, it } from "vitest";
import {
  canRefund,
  disputeStatusWords,
  licenseActionFor,
  licenseChoiceLabel,
  orderStatusWords,
  refundAmount,
  refundLicenseWords,
  refundOutcome,
  refundQuestion,
  refundSourceWords,
  refundStatusWords,
} from "./orders-refund-words";

const order = {
  status: "paid",
  gateway: "paypal",
  kind: "addon",
  quantity: 1,
  licenseId: "lic_1",
  amount: 2999,
  refundedAmount: 0,
  currency: "INR",
} as const;

const refund: Refund = {
  id: "rfd_1",
  orderId: "ord_1",
  gateway: "paypal",
  gatewayRefundId: "R1",
  status: "succeeded",
  source: "keyway",
  amount: 1000,
  currency: "INR",
  reason: null,
  licenseAction: "keep",
  failureReason: null,
  createdAt: "2026-05-01T10:00:00.000Z",
};

const result = (r: Partial<Refund>): RefundResult => ({
  refund: { ...refund, ...r },
  order: { id: "ord_1", status: "partially_refunded", amount: 2999, refundedAmount: 1000, currency: "INR" },
});

describe("an order's refund status, in words", () => {
  it("says how much went back", () => {
    expect(orderStatusWords({ ...order, status: "partially_refunded", refundedAmount: 1000 })).toBe(
      "Partially refunded (₹10.00 back)",
    );
    expect(orderStatusWords({ ...order, status: "refunded", refundedAmount: 2999 })).toBe("Refunded");
    expect(orderStatusWords(order)).toBe("paid");
  });

  it("offers a refund while something paid is left", () => {
    expect(canRefund(order)).toBe(true);
    expect(canRefund({ ...order, status: "partially_refunded", refundedAmount: 1000 })).toBe(true);
    expect(canRefund({ ...order, status: "refunded", refundedAmount: 2999 })).toBe(false);
    expect(canRefund({ ...order, status: "pending" })).toBe(false);
  });
});

describe("the refund form", () => {
  it("reads the amount in the currency's major units, never more than is left", () => {
    expect(refundAmount("29.99", order)).toEqual({ ok: true, amount: 2999 });
    expect(refundAmount("10", order)).toEqual({ ok: true, amount: 1000 });
    expect(refundAmount("20", { ...order, refundedAmount: 1000 })).toEqual({
      ok: false,
      error: "At most ₹19.99 is left to refund.",
    });
    expect(refundAmount("1.234", order)).toEqual({
      ok: false,
      error: "Enter the amount in INR, e.g. 29.99.",
    });
    expect(refundAmount("0", order)).toEqual({ ok: false, error: "Enter an amount above 0." });
    expect(refundAmount("1500", { ...order, amount: 1500, currency: "JPY" })).toEqual({
      ok: true,
      amount: 1500,
    });
  });

  it("decides the license as core does: the vendor's choice, the product's, else by amount", () => {
    expect(licenseActionFor("", null, true)).toBe("revoke");
    expect(licenseActionFor("", null, false)).toBe("keep");
    expect(licenseActionFor("", "suspend", true)).toBe("suspend");
    expect(licenseActionFor("keep", "suspend", true)).toBe("keep");
    expect(licenseChoiceLabel("", null)).toBe(
      "The product's default: revoke on a full refund, keep on a partial one",
    );
    expect(licenseChoiceLabel("suspend", null)).toMatch(/until you reinstate it/);
  });

  it("asks what will happen before it happens", () => {
    expect(refundQuestion(order, 2999, "revoke")).toBe(
      "Refund ₹29.99 of ₹29.99 to the buyer and revoke their license?",
    );
    expect(refundQuestion(order, 1000, "keep")).toBe(
      "Refund ₹10.00 of ₹29.99 to the buyer and keep their license working?",
    );
    expect(refundQuestion({ ...order, kind: "package", quantity: 3 }, 2999, "suspend")).toBe(
      "Refund ₹29.99 of ₹29.99 to the buyer and suspend their 3 licenses?",
    );
    expect(refundQuestion({ ...order, gateway: "upigateway" }, 2999, "revoke")).toBe(
      "UPI Gateway cannot refund through Keyway: record ₹29.99 of ₹29.99 as paid back to the buyer outside Keyway (you pay them yourself) and revoke their license?",
    );
  });

  it("answers in words: refunded, pending at the provider, or recorded outside Keyway", () => {
    expect(refundOutcome(result({}), "paypal")).toBe(
      "Refunded ₹10.00 to the buyer. The license keeps working.",
    );
    expect(refundOutcome(result({ licenseAction: "revoke" }), "sandbox")).toBe(
      "Refunded ₹10.00 (test mode: no money moved). The license is revoked.",
    );
    expect(refundOutcome(result({ status: "pending" }), "stripe")).toBe(
      "₹10.00 is pending at Stripe: the order and its license change once it confirms the refund.",
    );
    expect(refundOutcome(result({ source: "outside", licenseAction: "revoke" }), "upigateway")).toBe(
      "Recorded ₹10.00 as refunded outside Keyway (UPI Gateway). The license is revoked.",
    );
  });
});

describe("an order's refunds and disputes, in words", () => {
  it("says where each refund started, where it stands and what it did to the license", () => {
    expect(refundSourceWords(refund)).toBe("Through Keyway");
    expect(refundSourceWords({ ...refund, source: "provider" })).toBe("At PayPal");
    expect(refundSourceWords({ ...refund, source: "outside", gateway: "upigateway" })).toBe(
      "Outside Keyway — UPI Gateway",
    );
    expect(refundStatusWords(refund)).toBe("Refunded");
    expect(refundStatusWords({ ...refund, status: "pending" })).toBe("Pending at PayPal");
    expect(refundStatusWords({ ...refund, status: "failed", failureReason: "Insufficient funds" })).toBe(
      "Refused: Insufficient funds",
    );
    expect(refundLicenseWords({ status: "succeeded", licenseAction: "revoke" })).toBe("Revoked");
    expect(refundLicenseWords({ status: "pending", licenseAction: "revoke" })).toBe(
      "Revoked once it settles",
    );
    expect(refundLicenseWords({ status: "failed", licenseAction: "revoke" })).toBe("Unchanged");
  });

  it("says what each dispute did to the license", () => {
    expect(disputeStatusWords({ status: "open" })).toBe("Open — license suspended");
    expect(disputeStatusWords({ status: "won" })).toBe("Won — license reinstated");
    expect(disputeStatusWords({ status: "lost" })).toBe("Lost — license revoked");
  });
});
