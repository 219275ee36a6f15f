import { describe, expect, it } from "vitest";
import { defaultMessageWords } from "../../src/messages/default-templates";
import { MESSAGE_KINDS, REMINDER_KINDS } from "../../src/messages/template-kinds";
import { checkTemplate, fillTemplate } from "../../src/messages/template-placeholders";
import { renderCustomerMessage, SMS_MAX_LENGTH } from "../../src/messages/templates";

const ctx = {
  vendorName: "Biznoq Demo Store",
  timezone: "Asia/Kolkata",
  now: new Date("2027-03-01T10:00:00Z"),
  brand: {
    color: "#aa3300",
    logoUrl: "https://cdn.example.com/logo.png",
    supportEmail: "help@biznoq.example",
  },
};
const KEYS = "KW-7QX2-M9PA-4HZC-ABCD\nKW-1111-2222-3333-WXYZ";

describe("the template language", () => {
  it("fills values, shows a section only when its value is there, and refuses what it cannot read", () => {
    const values = { a: "1", b: null };
    expect(fillTemplate("x{{a}}{{#b}} hidden {{b}}{{/b}}{{#a}} shown{{/a}}", values)).toBe("x1 shown");
    expect(
      checkTemplate("license.expired", "{{ product_name }} {{#key_last4}}…{{key_last4}}{{/key_last4}}"),
    ).toBeNull();
    expect(checkTemplate("license.expired", "{{amount_due}}")).toEqual({
      problem: "unknown_placeholder",
      placeholder: "amount_due",
    });
    for (const bad of [
      "{{product_name",
      "product_name}}",
      "{{#key_last4}}x",
      "{{/key_last4}}",
      "{{two words}}",
    ]) {
      expect(checkTemplate("license.expired", bad), bad).toMatchObject({ problem: "malformed" });
    }
  });

  it("writes every kind's built-in words with only the kind's own placeholders", () => {
    for (const kind of MESSAGE_KINDS) {
      const words = defaultMessageWords(kind);
      for (const part of [words.subject, words.textBody, words.htmlBody, words.smsBody]) {
        expect(checkTemplate(kind, part), `${kind}: ${part}`).toBeNull();
      }
    }
  });
});

describe("rendered messages", () => {
  it("shows every key of the purchase in full, escaped in HTML, with no unsubscribe", () => {
    const facts = {
      product_name: "Pro <Team>",
      license_keys: KEYS,
      amount: 299_900,
      currency: "INR",
      receipt_url: "https://keys.example.com/orders/ord_1?t=a&b",
      portal_url: "https://keys.example.com/account/licenses",
    };
    const email = renderCustomerMessage("payment.succeeded", "email", facts, ctx);
    expect(email.subject).toBe("Your Pro <Team> license — Biznoq Demo Store");
    expect(email.body).toContain("KW-7QX2-M9PA-4HZC-ABCD\nKW-1111-2222-3333-WXYZ");
    expect(email.body).toContain("(₹2,999.00)");
    expect(email.body).toContain("Receipt: https://keys.example.com/orders/ord_1?t=a&b");
    expect(email.html).toContain("KW-7QX2-M9PA-4HZC-ABCD<br>KW-1111-2222-3333-WXYZ");
    expect(email.html).toContain("Pro &lt;Team&gt;");
    expect(email.html).not.toContain("<Team>");
    expect(email.html).toContain('href="https://keys.example.com/orders/ord_1?t=a&amp;b"');
    expect(email.html).toContain('src="https://cdn.example.com/logo.png"');
    expect(email.html).toContain("background:#aa3300");
    expect(email.html).not.toMatch(/unsubscribe/i);
    const sms = renderCustomerMessage("payment.succeeded", "sms", facts, ctx);
    expect(sms.body).toContain("Activate it with: KW-7QX2-M9PA-4HZC-ABCD, KW-1111-2222-3333-WXYZ");
    expect(sms.body).not.toContain("STOP");
    expect(sms.html).toBeNull();
  });

  it("never shows a full key outside the purchase", () => {
    for (const kind of MESSAGE_KINDS.filter((k) => k !== "payment.succeeded")) {
      const facts = { key: "KW-7QX2-M9PA-4HZC-ABCD", license_keys: KEYS, product_name: "Pro" };
      for (const channel of ["email", "sms"] as const) {
        const m = renderCustomerMessage(kind, channel, facts, ctx);
        for (const text of [m.subject, m.body, m.html ?? ""]) expect(text, kind).not.toContain("M9PA");
      }
    }
  });

  it("gives reminders an unsubscribe link (the sender's, or the placeholder it fills) and STOP", () => {
    const facts = { product_name: "Pro", key_last4: "ABCD", expires_at: "2027-03-08T00:00:00Z" };
    const later = renderCustomerMessage("license.expired", "email", facts, ctx);
    expect(later.html).toContain('href="{{unsubscribe_url}}"');
    expect(later.body).not.toContain("Unsubscribe");
    const url = "https://keys.example.com/unsubscribe?token=t";
    const now = renderCustomerMessage("license.expired", "email", { ...facts, unsubscribe_url: url }, ctx);
    expect(now.html).toContain(`href="${url}"`);
    expect(now.body).toContain(`Unsubscribe from reminders: ${url}`);
    for (const kind of REMINDER_KINDS) {
      expect(renderCustomerMessage(kind, "sms", facts, ctx).body).toMatch(/Reply STOP to opt out$/);
    }
  });

  it("uses the vendor's words: HTML made from its text when it wrote no HTML, STOP kept on its SMS", () => {
    const facts = {
      product_name: "Pro",
      key_last4: "ABCD",
      expires_at: "2027-03-08T00:00:00Z",
      renew_url: "https://r.example/x",
    };
    const template = {
      subject: "{{product_name}} ends {{expires_at}}",
      textBody: "Hi!\n\nRenew here: {{renew_url}} <now>",
      htmlBody: null,
      smsBody: `${"Long words ".repeat(40)}{{renew_url}}`,
    };
    const email = renderCustomerMessage("license.expiring_soon", "email", facts, { ...ctx, template });
    expect(email.subject).toBe("Pro ends 8 Mar 2027");
    expect(email.body).toBe("Hi!\n\nRenew here: https://r.example/x <now>\n");
    expect(email.html).toContain(
      'Renew here: <a href="https://r.example/x">https://r.example/x</a> &lt;now&gt;',
    );
    const sms = renderCustomerMessage("license.expiring_soon", "sms", facts, { ...ctx, template });
    expect(sms.body).toMatch(/https:\/\/r\.example\/x Reply STOP to opt out$/);
    expect(sms.body.length).toBeGreaterThan(SMS_MAX_LENGTH);
  });
});
