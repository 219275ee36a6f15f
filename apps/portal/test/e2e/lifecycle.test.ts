import type { TestServer } from "@keyway/api/testing";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserSuite,
  type CspWatch,
  consoleCall as callConsole,
  signInCustomer,
  signUpVendor,
  startBrowserSuite,
} from "./browser";

/**
 * A license's life over time, as people see it in Chromium against a real server: a vendor sets
 * a product's expiry policy in the console and finds the licenses due on the Renewals page; their
 * customer, whose license expires in 5 days, reads "Expires in 5 days" and renews; a license in
 * grace says how many days are left; a past-due subscription says "Payment due" with a pay
 * button. Screenshots: test-results/lifecycle.
 */

const DAY = 86_400_000;
const storeName = "Lifecycle Tools";
const customerEmail = "renewer@lifecycle.test";
const vendorEmail = `owner-${Date.now()}@lifecycle.test`;
const password = "a-long-and-unguessable-passphrase";

let suite: BrowserSuite;
let server: TestServer;
let context: BrowserContext;
let page: Page;
let csp: CspWatch;
/** The licenses the console's API made for the customer: key by role. */
const keys = { soon: "", grace: "", subscribed: "" };

beforeAll(async () => {
  suite = await startBrowserSuite("lifecycle", { context: { viewport: { width: 1360, height: 900 } } });
  ({ server, context, page, csp } = suite);
}, 120_000);

afterAll(() => suite?.close());

const shot = (name: string) => suite.shot(name);

/** A console call with the suite's browser session. */
const consoleCall = <T>(kind: "query" | "mutation", path: string, input: unknown) =>
  callConsole<T>(context, server.url, path, input, kind);

const card = (key: string) => page.locator("article").filter({ hasText: key });

describe("a license's life over time, in the console and the portal", { timeout: 120_000 }, () => {
  let productId = "";

  it("lets a vendor give a product an expiry policy in the console", async () => {
    await signUpVendor(page, server.url, { storeName, email: vendorEmail, password });
    await page.getByRole("link", { name: "Catalog" }).click();
    await page.getByRole("heading", { name: "Catalog" }).waitFor();

    const form = page.getByRole("form", { name: "New product" });
    await form.getByLabel("Kind").selectOption("software");
    await form.getByLabel("Name").fill("Ledger Desk");
    await form.getByLabel("After expiry").selectOption({ label: "Keep working, marked expired" });
    await form.getByLabel("Grace period (days)").fill("400");
    await form.getByRole("button", { name: "Create product" }).click();
    await form.getByText("“Grace period” is a whole number of days, 0 to 365.").waitFor();
    await form.getByLabel("Grace period (days)").fill("7");
    await form.getByLabel("Term starts").selectOption({ label: "at purchase" });
    await shot("01-product-policy-form");
    await form.getByRole("button", { name: "Create product" }).click();
    const row = page.getByRole("row").filter({ hasText: "Ledger Desk" });
    await row.getByText("Keep working, marked expired · 7 days grace · starts at purchase").waitFor();

    const plan = page.getByRole("form", { name: "New plan" });
    await plan.getByLabel("Plan name").fill("Ledger Monthly");
    await plan.getByLabel(/^Monthly/).fill("499");
    // A plan follows its product unless told otherwise.
    await plan
      .getByLabel("After expiry")
      .selectOption({ label: "Same as product (Keep working, marked expired)" });
    await plan.getByRole("button", { name: "Create plan" }).click();
    const planRow = page.getByRole("row").filter({ hasText: "Ledger Monthly" });
    await planRow.getByText("Same as product").waitFor();
    // Then overrides one field: "Refuse" for this plan only.
    await planRow.getByRole("button", { name: "Expiry policy" }).click();
    const override = page.getByRole("form", { name: "Expiry policy of Ledger Monthly" });
    await override.getByLabel("After expiry").selectOption({ label: "Refuse" });
    await override.getByRole("button", { name: "Save policy" }).click();
    await planRow.getByText("Refuse · 7 days grace · starts at purchase").waitFor();
    await shot("02-catalog-policies");

    const products = await consoleCall<{ id: string; name: string }[]>("query", "catalog.listProducts", {});
    productId = products.find((p) => p.name === "Ledger Desk")?.id ?? "";
    expect(products.find((p) => p.id === productId)).toMatchObject({
      expiryStrategy: "maintain",
      gracePeriodDays: 7,
      clockStartsAt: "purchase",
    });
  });

  it("lists the license due in 5 days and the past-due subscription on the Renewals page", async () => {
    // What the vendor's sales left behind: licenses by hand, and a subscription whose period
    // ended unpaid (the scheduler's doing: written directly here).
    const plans = await consoleCall<{ id: string }[]>("query", "catalog.listPlans", { productId });
    const byHand = (expiresInDays: number, planId?: string) =>
      consoleCall<{ id: string; key: string; customerId: string }>("mutation", "dashboard.createLicense", {
        productId,
        customerEmail,
        expiresAt: new Date(Date.now() + expiresInDays * DAY).toISOString(),
        ...(planId ? { planId } : {}),
      });
    const soon = await byHand(5);
    const grace = await byHand(-2);
    const subscribed = await byHand(-1, plans[0]?.id);
    keys.soon = soon.key;
    keys.grace = grace.key;
    keys.subscribed = subscribed.key;
    const vendorId = (await consoleCall<{ vendor: { id: string } }>("query", "account.session", undefined))
      .vendor.id;
    const periodEnd = new Date(Date.now() - DAY).toISOString();
    await server.testDb.db.execute(
      `insert into subscriptions (vendor_id, customer_id, plan_id, billing_cycle, license_id, status, current_period_start, current_period_end)
       values ('${vendorId}', '${subscribed.customerId}', '${plans[0]?.id}', 'monthly', '${subscribed.id}', 'past_due',
               '${new Date(Date.now() - 31 * DAY).toISOString()}', '${periodEnd}')`,
    );

    await page.getByRole("link", { name: "Renewals" }).click();
    await page.getByRole("heading", { name: "Renewals" }).waitFor();
    const due = page.getByRole("table", { name: "Licenses due for renewal" });
    const soonRow = due.getByRole("row").filter({ hasText: keys.soon });
    await soonRow.getByText(customerEmail).waitFor();
    await soonRow.getByText("Not sent yet").waitFor();
    // Only what is still ahead: the expired ones are not "due".
    expect(await due.getByRole("row").filter({ hasText: keys.grace }).count()).toBe(0);
    const pastDue = page.getByRole("table", { name: "Past-due subscriptions" });
    const pastRow = pastDue.getByRole("row").filter({ hasText: customerEmail });
    await pastRow.getByText("Ledger Monthly").waitFor();
    await pastRow.getByText("No open renewal order").waitFor();
    await page.getByText(/No renewal paid after a reminder or a past-due notice/).waitFor();
    await shot("03-renewals");
  });

  it("shows the customer how many days are left, and renewing is one click", async () => {
    await signInCustomer(page, server.url, customerEmail, storeName);

    await card(keys.soon).getByText("Expires in 5 days").waitFor();
    await card(keys.grace).getByText("Expired — 5 days of grace left").waitFor();
    await shot("04-my-licenses-expiring");

    await card(keys.soon).getByRole("link", { name: "Renew" }).click();
    await page.waitForURL(/\/renew\?key=/);
    expect(new URL(page.url()).searchParams.get("key")).toBe(keys.soon);
    await page.getByRole("heading", { name: "Renew your license" }).waitFor();
    await shot("05-renew-from-card");
  });

  it("shows a past-due subscription as “Payment due” with a pay button", async () => {
    await page.goto(`${server.url}/account/subscriptions`);
    await page.getByRole("heading", { name: "My subscriptions" }).waitFor();
    const due = page.locator("article").filter({ hasText: "Payment due" });
    await due.getByText(/Pay now to keep your license working/).waitFor();
    await shot("06-subscription-payment-due");
    // No renewal order is open yet: the button renews the subscription's license by its key.
    await due.getByRole("link", { name: "Pay now" }).click();
    await page.waitForURL(/\/renew\?key=/);
    expect(new URL(page.url()).searchParams.get("key")).toBe(keys.subscribed);
  });

  it("saw every page under the Content-Security-Policy, and the policy blocked nothing", () => {
    expect(csp.violations).toEqual([]);
  });
});
