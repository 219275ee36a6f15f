import type { TestServer } from "@keyway/api/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, expectAccessible, signInCustomer, startBrowserSuite } from "./browser";

/**
 * The demo buyer's account after one paid subscription and one purchase left unpaid (the pay page
 * abandoned): the unpaid one waits under Orders, never among licenses or subscriptions; the
 * subscription reads in words and cancels and resumes after asking in the page; a license card
 * names what it is bound to and what its certificate is. Screenshots: test-results/customer-account.
 */

let suite: BrowserSuite;
let server: TestServer;
let page: Page;

beforeAll(async () => {
  suite = await startBrowserSuite("customer-account", {
    context: { viewport: { width: 1280, height: 860 } },
    // Cancel and resume ask in the page, never with window.confirm.
    refuseDialogs: true,
  });
  ({ server, page } = suite);
}, 120_000);

afterAll(async () => {
  await suite?.close();
});

const shot = (name: string) => suite.shot(name);
/** The seeded demo buyer: owns the domain-bound demo licenses (example.com…). */
const email = "buyer@example.com";

/** Opens a subscription order as the storefront does, and returns its pay page. */
async function openSubscription(planNumber: number, billingCycle: "monthly" | "yearly"): Promise<string> {
  const res = await fetch(`${server.url}/trpc/checkout.createOrder`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      vendorSlug: "demo",
      item: { kind: "subscription", planNumber, billingCycle },
      customer: { email },
    }),
  });
  expect(res.status).toBe(200);
  const order = (await res.json()) as { result: { data: { paymentUrl: string } } };
  return order.result.data.paymentUrl;
}

describe("the customer's account, after a paid and an unpaid purchase", { timeout: 120_000 }, () => {
  let unpaidPayUrl = "";

  it("pays a yearly Business Suite subscription and leaves a Monthly Plan one unpaid", async () => {
    await page.goto(await openSubscription(2, "yearly"));
    await page.getByRole("button", { name: /^Pay/ }).click();
    await page.getByRole("heading", { name: /payment received/ }).waitFor({ timeout: 20_000 });
    unpaidPayUrl = await openSubscription(1, "monthly");
    // The buyer opens the pay page and walks away without paying.
    await page.goto(unpaidPayUrl);
    await page.getByRole("button", { name: /^Pay/ }).waitFor();
    await signInCustomer(page, server.url, email);
  });

  it("lists licenses without the unpaid one, each bound to its value and with its certificate explained", async () => {
    await page.getByRole("heading", { name: "My licenses" }).waitFor();
    await page.getByRole("heading", { name: "Biznoq Business Suite" }).waitFor();
    // The abandoned Monthly Plan order reserved a pending license: it is not the buyer's license.
    await expect.poll(() => page.locator("article .badge", { hasText: /^pending$/i }).count()).toBe(0);
    await expect.poll(() => page.getByText("Pending", { exact: true }).count()).toBe(0);

    const bound = page.getByTestId("bound-to");
    await expect.poll(() => bound.allTextContents()).toContain("example.com");
    await expect.poll(() => bound.allTextContents()).not.toContain("domain");
    const card = page
      .locator("article")
      .filter({ has: page.getByText("example.com", { exact: true }) })
      .first();
    const hint = (await card.getByText(/offline proof/).textContent()) ?? "";
    expect(hint).toContain("without calling Keyway");
    expect(hint).toContain("signed by Biznoq Demo Store");
    const download = page.waitForEvent("download");
    await card.getByRole("button", { name: "Download certificate" }).click();
    expect((await download).suggestedFilename()).toMatch(/^example-product-license-.+\.kwc$/);
    await shot("01-licenses");
    await expectAccessible(page, "my licenses");
  });

  it("shows the unpaid order under Orders as awaiting payment, with its pay link", async () => {
    await page.getByRole("link", { name: "Orders" }).click();
    await page.getByRole("heading", { name: "My orders" }).waitFor();
    const row = page.getByRole("row").filter({ hasText: "Awaiting payment" });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByRole("link", { name: /Pay now/ }).getAttribute("href")).toBe(unpaidPayUrl);
    await shot("02-orders-awaiting-payment");
    await expectAccessible(page, "my orders");
  });

  it("reads the subscription in words, and cancels and resumes it after asking in the page", async () => {
    await page.getByRole("link", { name: "Subscriptions" }).click();
    await page.getByRole("heading", { name: "My subscriptions" }).waitFor();
    const card = page.locator("article");
    // Only the paid subscription: the unpaid Monthly Plan one is not listed.
    await expect.poll(() => card.count()).toBe(1);
    await card.getByRole("heading", { name: "Biznoq Business Suite — Business Suite" }).waitFor();
    expect(await card.textContent()).toContain("₹7,999.00 / year");
    const standing = card.getByTestId("subscription-standing");
    expect(await standing.textContent()).toMatch(/^Renews on \S.+\d{4}$/);
    const renewsOn = ((await standing.textContent()) ?? "").replace("Renews on ", "");
    expect(await card.textContent()).not.toMatch(/Subscription #/);
    await shot("03-subscription");
    await expectAccessible(page, "my subscriptions");

    await card.getByRole("button", { name: "Cancel subscription" }).click();
    const ask = card.getByRole("region", { name: /^Cancel / });
    expect(await ask.textContent()).toContain(`keeps working until ${renewsOn}`);
    expect(await ask.textContent()).toContain("will not be charged again");
    await shot("04-cancel-confirmation");
    await ask.getByRole("button", { name: `Yes, end it on ${renewsOn}` }).click();
    const result = card.getByRole("status");
    await expect
      .poll(() => result.textContent())
      .toContain(`Cancelled. Biznoq Business Suite — Business Suite stays active until ${renewsOn}`);
    await expect.poll(() => standing.textContent()).toBe(`Ends on ${renewsOn}`);
    await shot("05-cancelled");

    await card.getByRole("button", { name: "Resume subscription" }).click();
    const resume = card.getByRole("region", { name: /^Resume / });
    expect(await resume.textContent()).toContain(`renew on ${renewsOn} and charge ₹7,999.00 / year`);
    await resume.getByRole("button", { name: "Yes, resume" }).click();
    await expect
      .poll(() => result.textContent())
      .toContain(`Resumed. Biznoq Business Suite — Business Suite renews on ${renewsOn}`);
    await expect.poll(() => standing.textContent()).toBe(`Renews on ${renewsOn}`);
    await shot("06-resumed");
    await expectAccessible(page, "my subscriptions after resuming");
  });

  it("met no Content-Security-Policy violation", () => {
    expect(suite.csp.violations).toEqual([]);
  });
});
