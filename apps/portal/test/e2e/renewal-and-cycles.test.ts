import AxeBuilder from "@axe-core/playwright";
import type { TestServer } from "@keyway/api/testing";
import { formatDay } from "@keyway/schema";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, signInCustomer, startBrowserSuite } from "./browser";

/**
 * Renewing and paying by the cycle, as the demo buyer meets them (issue 18, items 5 and 6):
 * `/renew` without a key or with an unknown one asks for the key and says what went wrong; a
 * renewable license shows the expiry each option gives before paying, and the thank-you page
 * shows that same date; a license that never expires, or that a subscription renews, offers no
 * Renew; a plan card shows what paying yearly saves; the pay page, the thank-you page and the
 * receipt of a subscription say that it repeats and when. Screenshots:
 * test-results/renewal-and-cycles.
 */

let suite: BrowserSuite;
let server: TestServer;
let page: Page;

/** The seeded demo buyer, who owns the demo licenses. */
const email = "buyer@example.com";
/** Demo licenses: active on the Monthly Plan (ends in a month), and the add-on one, made perpetual below. */
const renewableKey = "ABCDEF1234567890";
const perpetualKey = "GA-X3R9-K9L2-M4P1";

beforeAll(async () => {
  suite = await startBrowserSuite("renewal-and-cycles", {
    context: { viewport: { width: 1280, height: 860 } },
    refuseDialogs: true,
  });
  ({ server, page } = suite);
  await server.testDb.db.execute(
    `update licenses set expires_at = null, duration_value = null, duration_unit = null where key = '${perpetualKey}'`,
  );
}, 120_000);

afterAll(async () => {
  await suite?.close();
});

const shot = (name: string) => suite.shot(name);

async function seriousViolations(): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** A year from today, as the repeat sentence names the next charge of a yearly subscription. */
function aYearFromToday(): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return formatDay(d);
}

const licenseCard = (key: string) => page.locator("article").filter({ hasText: key });

describe("renewal and billing cycles, as the demo buyer meets them", { timeout: 120_000 }, () => {
  let subscriptionKey = "";

  it("shows on the plan card what paying yearly saves", async () => {
    await page.goto(server.url);
    const plan = page
      .locator("form")
      .filter({ has: page.getByRole("heading", { name: "Business Suite", exact: true }) });
    // ₹799.00 a month or ₹7,999.00 a year: 12 × 799 − 7,999 = 1,589, about two months.
    await expect
      .poll(() => plan.getByTestId("yearly-saving").textContent())
      .toBe("Save ₹1,589.00 a year — 2 months free");
    // A plan sold by the month only promises no saving.
    const monthlyOnly = page
      .locator("form")
      .filter({ has: page.getByRole("heading", { name: "Monthly Plan", exact: true }) });
    expect(await monthlyOnly.getByTestId("yearly-saving").count()).toBe(0);
    await shot("01-storefront-yearly-saving");
    expect(await seriousViolations()).toEqual([]);
  });

  it("asks for the key on /renew without one, and says so when the box is sent empty", async () => {
    await page.goto(`${server.url}/renew`);
    await page.getByRole("heading", { name: "Renew a license" }).waitFor();
    const box = page.getByLabel("Enter your license key");
    await box.waitFor();
    await page.getByRole("button", { name: "Find my license" }).click();
    await page.getByText("Enter your license key.", { exact: true }).waitFor();
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    await shot("02-renew-empty-key");
    expect(await seriousViolations()).toEqual([]);
  });

  it("says in words that an unknown key was not found, and keeps the box to try again", async () => {
    await page.getByLabel("Enter your license key").fill("NOSUCHKEY0000001");
    await page.getByRole("button", { name: "Find my license" }).click();
    await page.waitForURL(/\/renew\?key=NOSUCHKEY0000001/);
    await page
      .getByText("We could not find a license with the key NOSUCHKEY0000001.", { exact: false })
      .waitFor();
    expect(await page.getByLabel("Enter your license key").inputValue()).toBe("NOSUCHKEY0000001");
    expect(await page.locator("body").textContent()).not.toMatch(/NOT_FOUND|license_not_found|\{"/);
    await shot("03-renew-unknown-key");
    expect(await seriousViolations()).toEqual([]);
  });

  it("offers no renewal for a license that never expires, and says why", async () => {
    await page.goto(`${server.url}/renew?key=${perpetualKey}`);
    await page.getByRole("heading", { name: "Renew your license" }).waitFor();
    await expect
      .poll(() => page.getByTestId("renewal-refusal").textContent())
      .toContain("This license never expires: there is nothing to renew.");
    expect(await page.getByRole("button", { name: /and renew$/ }).count()).toBe(0);
    await shot("04-renew-perpetual");
  });

  it("shows the new expiry before paying, and the thank-you page shows the same date after", async () => {
    await page.goto(`${server.url}/renew?key=${renewableKey}`);
    await page.getByRole("heading", { name: "Renew your license" }).waitFor();
    const newExpiry = ((await page.getByTestId("new-expiry").first().textContent()) ?? "").trim();
    expect(newExpiry).toMatch(/\d{4}/);
    // A month after its current end, a month from now: later than a month from today.
    expect(new Date(newExpiry).getTime()).toBeGreaterThan(Date.now() + 40 * 86_400_000);
    await shot("05-renew-new-expiry");
    expect(await seriousViolations()).toEqual([]);

    await page.getByRole("button", { name: /and renew$/ }).click();
    await page.waitForURL(/\/pay\//);
    await page.getByRole("button", { name: /^Pay/ }).click();
    await page.waitForURL(/\/orders\//);
    await page.getByRole("heading", { name: /payment received/ }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId("license-expiry").first().textContent()).toBe(newExpiry);
    // A renewal by hand does not repeat.
    expect(await page.getByTestId("repeats").count()).toBe(0);
    await shot("06-renewed-same-expiry");
  });

  it("says on the pay page and the thank-you page that a yearly subscription repeats, and when", async () => {
    await page.goto(server.url);
    const plan = page
      .locator("form")
      .filter({ has: page.getByRole("heading", { name: "Business Suite", exact: true }) });
    await plan.getByRole("radio", { name: /Yearly/ }).check();
    await plan.getByLabel("Email").fill(email);
    await plan.getByRole("button", { name: "Subscribe to Business Suite" }).click();
    await page.waitForURL(/\/pay\//);
    const next = aYearFromToday();
    const onPayPage = (await page.getByTestId("repeats").textContent()) ?? "";
    expect(onPayPage).toMatch(/^Renews every year on \d{1,2} \S+ — next charge ₹7,999\.00 on /);
    expect(onPayPage).toContain(`on ${next}; cancel any time in My subscriptions`);
    await shot("07-pay-page-repeats");

    await page.getByRole("button", { name: /^Pay/ }).click();
    await page.getByRole("heading", { name: /payment received/ }).waitFor({ timeout: 20_000 });
    const onThanks = (await page.getByTestId("repeats").textContent()) ?? "";
    expect(onThanks).toMatch(/^Renews every year on \d{1,2} \S+ — next charge ₹7,999\.00 on /);
    expect(onThanks).toContain(`on ${next}; cancel any time in My subscriptions`);
    subscriptionKey = ((await page.getByTestId("license-key").first().textContent()) ?? "").trim();
    expect(subscriptionKey.length).toBeGreaterThan(8);
    await shot("08-thank-you-repeats");
    expect(await seriousViolations()).toEqual([]);
  });

  it("offers Renew in My licenses only where core says the license is renewable", async () => {
    await signInCustomer(page, server.url, email);
    await page.getByRole("heading", { name: "My licenses" }).waitFor();
    await licenseCard(renewableKey).waitFor();
    expect(await licenseCard(renewableKey).getByRole("link", { name: "Renew" }).count()).toBe(1);
    // Never expires: nothing to renew.
    expect(await licenseCard(perpetualKey).getByText("Never").count()).toBeGreaterThan(0);
    expect(await licenseCard(perpetualKey).getByRole("link", { name: "Renew" }).count()).toBe(0);
    // Its subscription renews it.
    expect(await licenseCard(subscriptionKey).getByRole("link", { name: "Renew" }).count()).toBe(0);
    expect(await licenseCard(subscriptionKey).getByTestId("renewed-by-subscription").textContent()).toContain(
      "Your subscription renews this license",
    );
    await shot("09-my-licenses-renew-only-where-renewable");
    expect(await seriousViolations()).toEqual([]);
  });

  it("says on the receipt of the subscription that it repeats, and when", async () => {
    await page.getByRole("link", { name: "Orders" }).click();
    await page.getByRole("heading", { name: "My orders" }).waitFor();
    const row = page.getByRole("row").filter({ hasText: "Biznoq Business Suite" }).first();
    await row.getByRole("link", { name: /Receipt/ }).click();
    await page.getByRole("heading", { name: "Receipt" }).waitFor();
    const onReceipt = (await page.getByTestId("repeats").textContent()) ?? "";
    expect(onReceipt).toMatch(/^Renews every year on \d{1,2} \S+ — next charge ₹7,999\.00 on /);
    expect(onReceipt).toContain(`on ${aYearFromToday()}; cancel any time in My subscriptions`);
    await shot("10-receipt-repeats");
  });

  it("met no Content-Security-Policy violation", () => {
    expect(suite.csp.violations).toEqual([]);
  });
});
