import { orderTookPayment as tookPayment } from "@keyway/schema";
import { describe, expect, it } from "vitest";
import { cycleLabel, eventLabel, formatDuration, statusLabel, statusTone, termNotice } from "./format";

describe("labels", () => {
  it("names durations, cycles and events for people", () => {
    expect(formatDuration(1, "year")).toBe("1 year");
    expect(formatDuration(3, "months")).toBe("3 months");
    expect(formatDuration(null, null)).toBe("Lifetime");
    expect(cycleLabel("yearly")).toBe("Yearly");
    expect(eventLabel("license.activation_released")).toBe("License activation released");
    expect(eventLabel("payment.succeeded")).toBe("Payment succeeded");
  });
  it("gives statuses a tone", () => {
    expect(statusTone("active")).toBe("ok");
    expect(statusTone("expired")).toBe("bad");
    expect(statusTone("pending")).toBe("warn");
    expect(statusTone("partially_refunded")).toBe("warn");
    expect(statusTone("refunded")).toBe("bad");
  });
  it("names the refund states in words", () => {
    expect(statusLabel("partially_refunded")).toBe("partially refunded");
    expect(statusLabel("refunded")).toBe("refunded");
    expect(statusLabel("paid")).toBe("paid");
    expect(tookPayment("refunded")).toBe(true);
    expect(tookPayment("pending")).toBe(false);
  });
});

describe("a license's term, in words", () => {
  const now = new Date("2026-05-01T10:00:00Z");
  const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000).toISOString();
  it("counts whole days to expiry within 30 days, rounding up", () => {
    expect(termNotice({ status: "active", expiresAt: inDays(5) }, now)?.text).toBe("Expires in 5 days");
    expect(termNotice({ status: "active", expiresAt: inDays(4.2) }, now)?.text).toBe("Expires in 5 days");
    expect(termNotice({ status: "active", expiresAt: inDays(0.5) }, now)?.text).toBe("Expires in 1 day");
    expect(termNotice({ status: "active", expiresAt: inDays(31) }, now)).toBeNull();
    expect(termNotice({ status: "active", expiresAt: null }, now)).toBeNull();
    expect(termNotice({ status: "suspended", expiresAt: inDays(3) }, now)).toBeNull();
  });
  it("says how much grace is left once expired", () => {
    expect(termNotice({ status: "expired", expiresAt: inDays(-1), graceEndsAt: inDays(2) }, now)).toEqual({
      tone: "bad",
      text: "Expired — 2 days of grace left",
    });
  });
});
