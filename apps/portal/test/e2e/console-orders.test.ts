import type { TestServer } from "@keyway/api/testing";
import { formatMoney } from "@keyway/schema";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, consoleCall, expectAccessible, signUpVendor, startBrowserSuite } from "./browser";
import { buyAndPay, stockPlan, storefrontPlan } from "./console-store";

/**
 * Issue 18, items 11 and 12: an order row opens the order's page (its payments, license and
 * customer), the license page names its customer and links its order, the dashboard draws MRR and
 * renewals against churn beside revenue, and on a phone each stacked value carries its column's
 * name. The store's sales are made the way its customers make them (storefront, sandbox pay
 * page) and the expected figures come from the prices the storefront sells at.
 * Screenshots: test-results/console-orders.
 */

const DAY = 86_400_000;
let suite: BrowserSuite;
let server: TestServer;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  suite = await startBrowserSuite("console-orders", {
    context: { viewport: { width: 1280, height: 900 } },
    refuseDialogs: true,
  });
  ({ server, context, page } = suite);
}, 120_000);

afterAll(async () => {
  await suite?.close();
});

const shot = (name: string) => suite.shot(name);
const storeAddress = `orbit-${Date.now()}`;
const monthlyBuyer = { email: "monthly@orbit.test", phone: "9811122233" };
const call = <T>(kind: "query" | "mutation", path: string, input: unknown) =>
  consoleCall<T>(context, server.url, path, input, kind);

describe("the console's order page, the license's customer, and the recurring charts", {
  timeout: 120_000,
}, () => {
  let plan = { number: 0, monthly: 0, yearly: 0 };
  let monthlyReference = "";

  it("sells a monthly and a yearly subscription, renews a license and lets another run out", async () => {
    await signUpVendor(page, server.url, {
      storeName: "Orbit Tools",
      email: `owner-${Date.now()}@orbit.test`,
      password: "a-long-and-unguessable-passphrase",
      storeAddress,
    });
    await stockPlan(page, { product: "Orbit Desk", plan: "Orbit Plan" }, { monthly: "499", yearly: "4990" });
    plan = await storefrontPlan(server.url, storeAddress, "Orbit Plan");
    expect(plan.monthly).toBeGreaterThan(0);
    const monthly = await buyAndPay(
      server.url,
      storeAddress,
      { kind: "subscription", planNumber: plan.number, billingCycle: "monthly" },
      monthlyBuyer,
    );
    monthlyReference = monthly.reference;
    await buyAndPay(
      server.url,
      storeAddress,
      { kind: "subscription", planNumber: plan.number, billingCycle: "yearly" },
      { email: "yearly@orbit.test" },
    );
    // Two licenses by hand: one ran out a minute ago, one is renewed from the renewal page's order.
    const products = await call<{ id: string; name: string }[]>("query", "catalog.listProducts", {});
    const productId = products.find((p) => p.name === "Orbit Desk")?.id ?? "";
    const plans = await call<{ id: string; name: string }[]>("query", "catalog.listPlans", { productId });
    const planId = plans.find((p) => p.name === "Orbit Plan")?.id ?? "";
    const byHand = (expiresAt: Date) =>
      call<{ key: string }>("mutation", "dashboard.createLicense", {
        productId,
        customerEmail: "byhand@orbit.test",
        planId,
        expiresAt: expiresAt.toISOString(),
      });
    await byHand(new Date(Date.now() - 60_000));
    const renewing = await byHand(new Date(Date.now() + 5 * DAY));
    await buyAndPay(server.url, storeAddress, { kind: "renewal", licenseKey: renewing.key }, {});
  });

  it("opens an order's page from its row: items, status in words, payments, license, customer", async () => {
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Orders" }).click();
    await page.getByRole("heading", { level: 1, name: "Orders" }).waitFor();
    const row = page.getByRole("row").filter({ hasText: monthlyBuyer.email });
    await row.getByRole("link", { name: `Order ${monthlyReference}` }).click();
    await page.getByRole("heading", { level: 1, name: `Order ${monthlyReference}` }).waitFor();
    await expect.poll(() => page.title()).toBe(`Order ${monthlyReference} — Keyway console`);
    expect(await page.getByTestId("order-status").textContent()).toBe("paid");
    const summary = (await page.getByTestId("order-summary").textContent()) ?? "";
    expect(summary).toContain("Orbit Desk · Orbit Plan");
    expect(summary).toContain("Subscription");
    expect(summary).toContain(formatMoney(plan.monthly, "INR"));
    const payment = page.getByRole("table", { name: "Payments" }).getByRole("row").nth(1);
    expect(await payment.textContent()).toMatch(/Sandbox.*Went through/);
    expect(await payment.textContent()).toContain(formatMoney(plan.monthly, "INR"));
    const customer = (await page.getByTestId("order-customer").textContent()) ?? "";
    expect(customer).toContain(monthlyBuyer.email);
    expect(customer).toContain(monthlyBuyer.phone);
    await page.getByRole("heading", { name: "Refunds and disputes" }).waitFor();
    await page.getByText("No refunds or disputes.").waitFor();
    await expectAccessible(page, "the order page");
    await shot("01-order-page");
  });

  it("opens the order's license, which names its customer and links back to the order", async () => {
    const licenses = page.getByRole("table", { name: "Licenses" });
    await licenses.getByRole("link").first().click();
    await page.getByRole("heading", { name: "Timeline" }).waitFor();
    const customer = page.getByTestId("license-customer");
    await expect.poll(() => customer.textContent()).toContain(monthlyBuyer.email);
    expect(await customer.textContent()).toContain(monthlyBuyer.phone);
    await expect.poll(() => page.getByTestId("license-order").textContent()).toBe(monthlyReference);
    await shot("02-license-customer");
    await customer.getByRole("link", { name: "Open in Customers" }).click();
    await page.getByRole("heading", { level: 1, name: "Customers" }).waitFor();
    expect(await page.getByLabel("Search customers").inputValue()).toBe(monthlyBuyer.email);
    await page.getByRole("row").filter({ hasText: monthlyBuyer.phone }).waitFor();
    await page.goBack();
    await page.getByTestId("license-order").click();
    await page.getByRole("heading", { level: 1, name: `Order ${monthlyReference}` }).waitFor();
  });

  it("draws MRR and renewals against churn beside revenue, with the store's own figures", async () => {
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Dashboard" }).click();
    await page.getByTestId("chart-revenue").waitFor();
    await page.getByTestId("chart-mrr").waitFor();
    await page.getByTestId("chart-churn").waitFor();
    // Sandbox money: test mode, apart from live MRR; the yearly price counts as a twelfth.
    const testMrr = formatMoney(Math.round(plan.monthly + plan.yearly / 12), "INR");
    const mrr = (await page.getByTestId("mrr-now").textContent()) ?? "";
    expect(mrr).toContain(`Now: ${formatMoney(0, "INR")} a month`);
    expect(mrr).toContain(`test mode, no money moved: ${testMrr}`);
    const churn = (await page.getByTestId("churn-now").textContent())?.replace(/\s+/g, " ");
    expect(churn).toBe(
      "This month: renewed 0 (+1 in test mode) · subscriptions ended 0 · licenses expired unrenewed 1",
    );
    await page.getByText("Recurring revenue, renewals and churn as a table").click();
    const thisMonth = page.getByTestId("recurring-table").getByRole("row").last();
    expect(await thisMonth.textContent()).toContain(`(+${testMrr} in test mode)`);
    await expectAccessible(page, "the dashboard with its charts");
    await shot("03-dashboard-mrr-churn");
  });

  it("names each stacked value's column on a phone", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/console/orders`);
    const row = page.getByRole("row").filter({ hasText: monthlyBuyer.email });
    await row.waitFor();
    const labelOf = (label: string) =>
      row.locator(`td[data-label="${label}"]`).evaluate((td) => getComputedStyle(td, "::before").content);
    expect(await labelOf("Amount")).toBe('"Amount: "');
    expect(await labelOf("Status")).toBe('"Status: "');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot("04-orders-phone-labels");
    await row.getByRole("link", { name: `Order ${monthlyReference}` }).click();
    await page.getByRole("table", { name: "Payments" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot("05-order-page-phone");
  });
});
