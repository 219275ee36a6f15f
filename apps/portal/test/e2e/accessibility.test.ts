import type { TestServer } from "@keyway/api/testing";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import {
  type BrowserSuite,
  consoleCall,
  expectAccessible,
  signInCustomer,
  signUpVendor,
  startBrowserSuite,
} from "./browser";
import { buyAndPay, stockPlan, storefrontPlan } from "./console-store";

/**
 * Issue 18's "Done means": axe-core finds no serious or critical violation on the storefront, the
 * checkout (pay page and paid order), sign-in, my licenses, and the console's main pages, each
 * with something on it (a store with a plan, a subscription sold, a license by hand).
 * Screenshots: test-results/accessibility.
 */

let suite: BrowserSuite;
let server: TestServer;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  suite = await startBrowserSuite("accessibility", { context: { viewport: { width: 1280, height: 900 } } });
  ({ server, context, page } = suite);
}, 120_000);

afterAll(async () => {
  await suite?.close();
});

/** Checks the page as it is now, and keeps a screenshot of what was checked. */
async function check(label: string, shotName: string) {
  await expectAccessible(page, label);
  await suite.shot(shotName);
}

/** Opens a console page from the sidebar and waits for its heading. */
async function open(link: string, heading: string | RegExp = link) {
  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: link, exact: true })
    .click();
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
}

describe("accessibility of the customer's and the vendor's main pages", { timeout: 120_000 }, () => {
  it("the storefront", async () => {
    await page.goto(`${server.url}/demo`);
    await page.getByRole("heading", { level: 1, name: "Biznoq Demo Store" }).waitFor();
    await page.getByRole("button", { name: /^Buy/ }).first().waitFor();
    await check("the storefront", "01-storefront");
  });

  it("the checkout: the pay page, then the paid order", async () => {
    const res = await fetch(`${server.url}/trpc/checkout.createOrder`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        vendorSlug: "demo",
        item: { kind: "subscription", planNumber: 1, billingCycle: "monthly" },
        customer: { email: "buyer@example.com" },
      }),
    });
    const { paymentUrl } = ((await res.json()) as { result: { data: { paymentUrl: string } } }).result.data;
    await page.goto(paymentUrl);
    await page.getByRole("button", { name: /^Pay/ }).waitFor();
    await check("the pay page", "02-pay-page");
    await page.getByRole("button", { name: /^Pay/ }).click();
    await page.getByRole("heading", { name: /payment received/ }).waitFor({ timeout: 20_000 });
    await check("the paid order", "03-order-paid");
  });

  it("sign-in, then my licenses", async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel("Email or mobile number").waitFor();
    await check("sign-in", "04-sign-in");
    await signInCustomer(page, server.url, "buyer@example.com");
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    await page.locator("article").first().waitFor();
    await check("my licenses", "05-my-licenses");
  });

  it("the console's dashboard, licenses, a license, orders, an order, customers", async () => {
    const storeAddress = `access-${Date.now()}`;
    await signUpVendor(page, server.url, {
      storeName: "Access Tools",
      email: `owner-${Date.now()}@access.test`,
      password: "a-long-and-unguessable-passphrase",
      storeAddress,
    });
    await stockPlan(
      page,
      { product: "Access Desk", plan: "Access Plan" },
      { monthly: "499", yearly: "4990" },
    );
    const plan = await storefrontPlan(server.url, storeAddress, "Access Plan");
    const sold = await buyAndPay(
      server.url,
      storeAddress,
      { kind: "subscription", planNumber: plan.number, billingCycle: "yearly" },
      { email: "reader@access.test", phone: "9822233344" },
    );
    const products = await consoleCall<{ id: string; name: string }[]>(
      context,
      server.url,
      "catalog.listProducts",
      {},
      "query",
    );
    await consoleCall(context, server.url, "dashboard.createLicense", {
      productId: products.find((p) => p.name === "Access Desk")?.id,
      customerEmail: "gift@access.test",
    });

    await open("Dashboard");
    await page.getByTestId("chart-mrr").waitFor();
    await page.getByTestId("chart-churn").waitFor();
    await check("the dashboard", "06-dashboard");
    await open("Licenses");
    await page.getByRole("row").filter({ hasText: "gift@access.test" }).waitFor();
    await check("the licenses page", "07-licenses");
    await page.getByRole("row").filter({ hasText: "reader@access.test" }).getByRole("link").first().click();
    await page.getByTestId("license-customer").waitFor();
    await check("a license's page", "08-license");
    await open("Orders");
    await page.getByRole("link", { name: `Order ${sold.reference}` }).waitFor();
    await check("the orders page", "09-orders");
    await page.getByRole("link", { name: `Order ${sold.reference}` }).click();
    await page.getByRole("table", { name: "Payments" }).waitFor();
    await page.getByText("No refunds or disputes.").waitFor();
    await check("an order's page", "10-order");
    await page.getByRole("button", { name: "Refund" }).click();
    await page.getByRole("form", { name: `Refund ${sold.reference}` }).waitFor();
    await check("an order's refund form", "11-order-refund-form");
    await open("Customers");
    await page.getByRole("row").filter({ hasText: "reader@access.test" }).waitFor();
    await check("the customers page", "12-customers");
  });

  it("the console's catalog, webhooks and settings", async () => {
    await open("Catalog");
    await page.getByRole("row").filter({ hasText: "Access Plan" }).waitFor();
    await check("the catalog", "13-catalog");
    await open("Webhooks");
    await check("the webhooks page", "14-webhooks");
    await open("Settings");
    await check("the settings page", "15-settings");
  });
});
