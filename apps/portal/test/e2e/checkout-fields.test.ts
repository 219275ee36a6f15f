import type { TestServer } from "@keyway/api/testing";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserSuite,
  type CspWatch,
  codeFromDevMailbox,
  enterSignInCode,
  expectAccessible,
  startBrowserSuite,
} from "./browser";

/**
 * Issue 18, items 3 and 4: the package card refuses quantities in words and shows a live total
 * for the period the buyer picks; errors read as sentences under their fields (a bad serial,
 * an impossible phone), never JSON or API field names; phones typed with +91, a 0, spaces or
 * dashes are accepted; sign-in can resend its code and says when the limit lifts. Screenshots:
 * test-results/checkout-fields.
 */

let suite: BrowserSuite;
let server: TestServer;
let page: Page;
let csp: CspWatch;

beforeAll(async () => {
  suite = await startBrowserSuite("checkout-fields", { context: { viewport: { width: 1280, height: 900 } } });
  ({ server, page, csp } = suite);
}, 120_000);

afterAll(async () => {
  await suite?.close();
});

const shot = (name: string) => suite.shot(name);

const card = (name: string) =>
  page.locator("form").filter({ has: page.getByRole("heading", { name, exact: true }) });

const isFocused = (field: Locator) => field.evaluate((el) => el === document.activeElement);

/** No API field names, no "(reason)", no JSON: what a person reads. */
async function expectWords(form: Locator) {
  const text = (await form.textContent()) ?? "";
  expect(text).not.toMatch(/serialNo|buyerPhone|invalid serial number\)|\[\{|"code"|"path"/);
}

describe("checkout fields and errors in words", { timeout: 120_000 }, () => {
  it("refuses 0, −5, empty, 2.5 and 101 licenses under the field, focused, and never changes them", async () => {
    await page.goto(server.url);
    const pack = card("Team License Package");
    await pack.getByLabel("Number of licenses").waitFor();
    await expectAccessible(page, "the storefront's package card");
    const qty = pack.getByLabel("Number of licenses");
    const buy = pack.getByRole("button", { name: "Buy licenses" });
    await pack.getByLabel("Email or mobile number").fill("team@buyer.test");
    const cases: Array<[string, string]> = [
      ["0", "Buy at least 1 license."],
      ["-5", "Buy at least 1 license."],
      ["", "Enter how many licenses you want, from 1 to 100."],
      ["2.5", "Licenses come whole: enter a whole number, like 3."],
      ["101", "You can buy up to 100 licenses in one order."],
    ];
    for (const [typed, message] of cases) {
      await qty.fill(typed);
      await buy.click();
      await pack.locator(".field-error").filter({ hasText: message }).waitFor();
      expect(await qty.inputValue()).toBe(typed);
      await expect.poll(() => isFocused(qty)).toBe(true);
      expect(page.url()).not.toMatch(/\/pay\//);
      if (typed === "2.5") await shot("01-quantity-not-whole");
    }
    await expectWords(pack);
    await expectAccessible(page, "the package card with field errors");
  });

  it("shows a live total, sells the period picked on the card, and takes a phone typed with +91 and spaces", async () => {
    const pack = card("Team License Package");
    await pack.getByLabel("Number of licenses").fill("3");
    await expect.poll(() => pack.getByTestId("package-total").textContent()).toContain("3 × $9.99 = $29.97");
    // Corrected, the number's error goes: no stale message beside a right value.
    expect(await pack.locator(".field-error").count()).toBe(0);
    await pack.getByLabel("Valid for").selectOption({ label: "6 months" });
    await expect
      .poll(() => pack.getByTestId("package-total").textContent())
      .toBe("Total: 3 × $9.99 × 6 months = $179.82");
    await expect.poll(() => pack.textContent()).toMatch(/From today until/);
    await shot("02-package-live-total");
    await pack.getByLabel("Email or mobile number").fill("+91 94604 39200");
    await pack.getByRole("button", { name: "Buy licenses" }).click();
    await page.waitForURL(/\/pay\//);
    expect(await page.getByTestId("amount").textContent()).toBe("$179.82");
    await shot("03-package-pay-page");
    await expectAccessible(page, "the storefront with a live total");
  });

  it("refuses an impossible mobile number and a bad serial in words, under their fields", async () => {
    await page.goto(server.url);
    const plan = card("Business Suite");
    const contact = plan.getByLabel("Email or mobile number");
    await contact.fill("0000000000");
    await plan.getByRole("button", { name: "Subscribe to Business Suite" }).click();
    await plan
      .locator(".field-error")
      .filter({ hasText: /start with 6, 7, 8 or 9/ })
      .waitFor();
    await expect.poll(() => isFocused(contact)).toBe(true);
    await contact.fill("hello");
    await plan.getByRole("button", { name: "Subscribe to Business Suite" }).click();
    await plan
      .getByText("Enter an email address, or a 10-digit mobile number such as 94604 39200.")
      .waitFor();
    await expectWords(plan);
    await shot("04-plan-impossible-phone");

    const addon = card("Smart Item Trading Analyzer");
    await addon.getByLabel("Serial number").fill("not a serial!");
    await addon.getByLabel("Mobile number").fill("9460439200");
    await addon.getByRole("button", { name: /^Buy/ }).click();
    await addon
      .locator(".field-error")
      .filter({
        hasText: "That serial number does not look right. Copy it from your device, e.g. B-12345678.",
      })
      .waitFor();
    await expect.poll(() => isFocused(addon.getByLabel("Serial number"))).toBe(true);
    await expectWords(addon);
    await shot("05-addon-bad-serial");
    await expectAccessible(page, "checkout with phone and serial errors");
  });

  it("signs in with a phone typed with +91 and spaces, refuses 0000000000, resends the code", async () => {
    await page.goto(`${server.url}/sign-in`);
    const destination = page.getByLabel("Email or mobile number");
    await destination.fill("0000000000");
    await page.getByRole("button", { name: "Send me a code" }).click();
    await page.getByText(/start with 6, 7, 8 or 9/).waitFor();
    await expectAccessible(page, "sign-in refusing an impossible phone");
    await shot("06-sign-in-impossible-phone");

    await destination.fill("+91 94604 39200");
    await page.getByRole("button", { name: "Send me a code" }).click();
    await page.getByText(/We sent a 6-digit code/).waitFor();
    const first = await codeFromDevMailbox(server.url, "9460439200");

    // A wrong code, then a short one: only the newest message shows.
    await page.getByLabel("Code").fill(first === "000000" ? "111111" : "000000");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByText(/That code is wrong/).waitFor();
    await page.getByLabel("Code").fill("12");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByText("Enter the 6-digit code.").waitFor();
    expect(await page.getByText(/That code is wrong/).count()).toBe(0);

    await page.getByRole("button", { name: "Resend code" }).click();
    await page.getByText(/We sent a new 6-digit code/).waitFor();
    expect(await page.getByText("Enter the 6-digit code.").count()).toBe(0);
    await expectAccessible(page, "sign-in after a resent code");
    await shot("07-sign-in-code-resent");
    const second = await codeFromDevMailbox(server.url, "9460439200");
    await enterSignInCode(page, second);
    await page.getByRole("heading", { name: "My licenses" }).waitFor();
  });

  it("says when a new code may be asked for once the sign-in limit is reached", async () => {
    await page.context().clearCookies();
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel("Email or mobile number").fill("94604-39201");
    await page.getByRole("button", { name: "Send me a code" }).click();
    await page.getByText(/We sent a 6-digit code/).waitFor();
    const resend = page.getByRole("button", { name: /^Resend code/ });
    // The limit is five codes per address in fifteen minutes: four more go out, the fifth is refused.
    for (let i = 0; i < 4; i++) {
      await resend.click();
      await expect.poll(() => resend.textContent()).toBe("Resend code");
    }
    await resend.click();
    await page.getByText(/You can ask for a new one in 15 minutes/).waitFor();
    await expect.poll(() => resend.isDisabled()).toBe(true);
    expect(await resend.textContent()).toMatch(/^Resend code \(from .+\)$/);
    await shot("08-sign-in-resend-limited");
    expect(csp.violations).toEqual([]);
  });
});
