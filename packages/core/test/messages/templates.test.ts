import { describe, expect, it } from "vitest";
import { maskDestination, renderCustomerMessage, SMS_MAX_LENGTH } from "../../src/messages/templates";
import { toE164 } from "../../src/notify/sms";

const KEY = "KW-7QX2-M9PA-4HZC-ABCD";
const ctx = {
  vendorName: "Biznoq Demo Store",
  timezone: "Asia/Kolkata",
  now: new Date("2027-03-01T10:00:00Z"),
};
const expiring = {
  product_name: "Example Product",
  key: KEY,
  // 20:00 UTC on the 7th is already the 8th in India.
  expires_at: "2027-03-07T20:00:00.000Z",
  days_left: 7,
  renew_url: "https://keys.example.com/account/licenses",
};

describe("customer message templates", () => {
  it("says which license by its last 4 characters only, with the date in the vendor's zone", () => {
    const email = renderCustomerMessage("license.expiring_soon", "email", expiring, ctx);
    expect(email.subject).toBe("Your Example Product license expires in 7 days — Biznoq Demo Store");
    expect(email.body).toContain(
      "Your Example Product license ending in …ABCD expires in 7 days (on 8 Mar 2027).",
    );
    expect(email.body).toContain("Renew: https://keys.example.com/account/licenses");
    expect(email.body).toContain("— Biznoq Demo Store");
    for (const part of ["KW-7QX2", "7QX2", "M9PA", "4HZC"]) expect(email.body).not.toContain(part);

    const sms = renderCustomerMessage("license.expiring_soon", "sms", expiring, ctx);
    expect(sms.body).toBe(
      "Biznoq Demo Store: Your Example Product license ending in ABCD expires in 7 days (on 8 Mar 2027). Renew: https://keys.example.com/account/licenses Reply STOP to opt out",
    );
    expect(sms.body).not.toContain("M9PA");
  });

  it("counts the days itself when the event does not say, in camelCase facts too", () => {
    const { body } = renderCustomerMessage(
      "license.expiring_soon",
      "email",
      { productName: "Pro", keyLast4: "WXYZ", expiresAt: "2027-03-02T09:00:00Z" },
      ctx,
    );
    expect(body).toContain("Your Pro license ending in …WXYZ expires in 1 day (on 2 Mar 2027).");
  });

  it("announces an expiry, and a renewal due with the amount in the order's currency and the pay link", () => {
    const expired = renderCustomerMessage("license.expired", "email", expiring, ctx);
    expect(expired.subject).toBe("Your Example Product license has expired — Biznoq Demo Store");
    expect(expired.body).toContain("expired on 8 Mar 2027.");

    const due = renderCustomerMessage(
      "subscription.renewal_due",
      "email",
      {
        product_name: "Team License Package",
        key: KEY,
        amount: 299_900,
        currency: "INR",
        current_period_end: "2027-04-01T00:00:00Z",
        payment_url: "https://keys.example.com/pay/ord_1",
      },
      ctx,
    );
    expect(due.subject).toBe(
      "Your Team License Package subscription renews on 1 Apr 2027 — Biznoq Demo Store",
    );
    expect(due.body).toContain("is due for renewal on 1 Apr 2027: ₹2,999.00.");
    expect(due.body).toContain("Pay: https://keys.example.com/pay/ord_1");
    const yen = renderCustomerMessage(
      "subscription.renewal_due",
      "sms",
      { product_name: "Tool", amount: 1500, currency: "JPY", current_period_end: "2027-04-01T00:00:00Z" },
      { ...ctx, timezone: "Asia/Tokyo" },
    );
    expect(yen.body).toContain("¥1,500.");
    // As the scheduler passes them: `product`, `pay_url` and a decimal amount (event data's form).
    const decimal = renderCustomerMessage(
      "subscription.renewal_due",
      "email",
      {
        product: "Team License Package",
        key_last4: "ABCD",
        amount: "2999.00",
        currency: "INR",
        current_period_end: "2027-04-01T00:00:00Z",
        pay_url: "https://keys.example.com/pay/ord_2",
      },
      ctx,
    );
    expect(decimal.body).toContain(
      "Your Team License Package subscription (license ending in …ABCD) is due for renewal on 1 Apr 2027: ₹2,999.00.",
    );
    expect(decimal.body).toContain("Pay: https://keys.example.com/pay/ord_2");
  });

  it("keeps an SMS within two segments with long names, never cutting the link or the opt-out line", () => {
    const long = "Enterprise ".repeat(12).trim();
    const { body } = renderCustomerMessage(
      "license.expiring_soon",
      "sms",
      { ...expiring, product_name: long },
      { ...ctx, vendorName: `${long} Store` },
    );
    expect(body.length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
    expect(body).toContain("Renew: https://keys.example.com/account/licenses Reply STOP to opt out");
    expect(body).toContain("ending in ABCD");
  });

  it("masks destinations for the timeline and writes phone numbers in E.164", () => {
    expect(maskDestination("asha@example.com")).toBe("***@example.com");
    expect(maskDestination("9460439200")).toBe("******9200");
    expect(toE164("9460439200", "+91")).toBe("+919460439200");
    expect(toE164("09460439200", "+91")).toBe("+919460439200");
    expect(toE164("+1 (415) 555-0100", "+91")).toBe("+14155550100");
    expect(toE164("0044 20 7946 0958", "+91")).toBe("+442079460958");
    expect(() => toE164("12345", "+91")).toThrow(/not a phone number/);
  });
});
