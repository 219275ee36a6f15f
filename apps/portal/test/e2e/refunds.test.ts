import type { TestServer } from "@keyway/api/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, type CspWatch, signInCustomer, signUpVendor, startBrowserSuite } from "./browser";

/**
 * Money back, as people see it in Chromium against a real server: a vendor sells an add-on, a
 * customer pays for it in the sandbox, the vendor refunds part of it and then the rest from the
 * Orders page, reading each step in words; the customer's orders, receipt and order page show
 * the refund and no longer offer the revoked key. Screenshots: test-results/refunds.
 */

const storeName = "Refund Tools";
const storeSlug = "refund-tools";
const vendorEmail = `owner-${Date.now()}@refunds.test`;
const customerEmail = "buyer@refunds.test";
const password = "a-long-and-unguessable-passphrase";

let suite: BrowserSuite;
let server: TestServer;
let page: Page;
let csp: CspWatch;

beforeAll(async () => {
  suite = await startBrowserSuite("refunds", {
    context: { viewport: { width: 1440, height: 900 }, locale: "en-US" },
    refuseDialogs: true,
  });
  ({ server, page, csp } = suite);
}, 120_000);

afterAll(() => suite?.close());

const shot = (name: string) => suite.shot(name);

const orderRow = () => page.getByRole("row").filter({ hasText: "Chart Pack" }).first();

describe("refunds, from the vendor's console to the customer's portal", { timeout: 120_000 }, () => {
  let productNumber = 0;
  let orderToken = "";
  let licenseKey = "";

  it("lets a vendor sell an add-on that follows the default refund rule", async () => {
    await signUpVendor(page, server.url, {
      storeName,
      email: vendorEmail,
      password,
      storeAddress: storeSlug,
    });

    await page.getByRole("link", { name: "Catalog" }).click();
    const form = page.getByRole("form", { name: "New product" });
    await form.getByLabel("Kind").selectOption("addon");
    await form.getByLabel("Name").fill("Chart Pack");
    await form.getByLabel("Price").fill("29.99");
    await form.getByLabel("Binding").selectOption("serial");
    // Each choice says what it does; the default is the rule by amount.
    const onRefund = form.getByLabel("When refunded");
    expect(await onRefund.locator("option:checked").textContent()).toBe(
      "Default: revoke on a full refund, keep on a partial one",
    );
    expect(await onRefund.locator("option").allTextContents()).toEqual([
      "Default: revoke on a full refund, keep on a partial one",
      "Revoke: the license stops working for good",
      "Suspend: the license stops working until reinstated",
      "Keep: the license keeps working",
    ]);
    await shot("01-product-on-refund");
    await form.getByRole("button", { name: "Create product" }).click();
    const row = page.getByRole("row").filter({ hasText: "Chart Pack" });
    await expect.poll(() => row.textContent()).toContain("₹29.99");
    productNumber = Number((await row.getByRole("cell").first().textContent()) ?? "0");
    expect(productNumber).toBeGreaterThan(0);
  });

  it("has a customer buy it and pay in the sandbox", async () => {
    const res = await fetch(`${server.url}/trpc/checkout.createOrder`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        vendorSlug: storeSlug,
        item: { kind: "addon", productNumber, serialNo: "B-77700001" },
        customer: { email: customerEmail },
      }),
    });
    const created = (await res.json()) as { result?: { data: { paymentUrl: string; token: string } } };
    expect(created.result?.data.paymentUrl).toBeTruthy();
    orderToken = created.result?.data.token ?? "";
    await page.goto(created.result?.data.paymentUrl ?? "");
    await page.getByRole("button", { name: /^Pay/ }).click();
    await page.waitForURL(/\/orders\//);
    await page.getByRole("heading", { name: /payment received/ }).waitFor({ timeout: 20_000 });
    licenseKey = ((await page.getByTestId("license-key").first().textContent()) ?? "").trim();
    expect(licenseKey.length).toBeGreaterThan(8);
  });

  it("refunds part of the order from the Orders page, reading what happens first", async () => {
    await page.goto(`${server.url}/console/orders`);
    await orderRow().waitFor();
    await expect.poll(() => orderRow().textContent()).toMatch(/test mode.*paid/);
    await orderRow().getByRole("button", { name: "Refund", exact: true }).click();
    const form = page.locator("form[aria-label^='Refund ']");
    // Prefilled with all that is left, in rupees.
    expect(await form.getByLabel("Amount (INR)").inputValue()).toBe("29.99");
    await form.getByLabel("Amount (INR)").fill("50");
    await form.getByRole("button", { name: "Review refund" }).click();
    await form.getByRole("alert").getByText("At most ₹29.99 is left to refund.").waitFor();

    await form.getByLabel("Amount (INR)").fill("10");
    await form.getByLabel("Reason").fill("Asked for the lite tier");
    expect(await form.getByLabel("The license").locator("option:checked").textContent()).toBe(
      "The product's default: revoke on a full refund, keep on a partial one",
    );
    await form.getByRole("button", { name: "Review refund" }).click();
    const confirm = page.getByRole("group", { name: "Confirm the refund" });
    await confirm.getByText("Refund ₹10.00 of ₹29.99 to the buyer and keep their license working?").waitFor();
    await shot("02-refund-confirm-partial");
    await confirm.getByRole("button", { name: "Refund", exact: true }).click();

    await page
      .getByTestId("refund-outcome")
      .getByText("Refunded ₹10.00 (test mode: no money moved). The license keeps working.")
      .waitFor();
    await expect.poll(() => orderRow().textContent()).toContain("Partially refunded (₹10.00 back)");
    const refunds = page.getByRole("table", { name: "Refunds" });
    const first = refunds.getByRole("row").filter({ hasText: "₹10.00" });
    await first.waitFor();
    expect(await first.getByRole("cell").allTextContents()).toEqual([
      "₹10.00",
      expect.any(String),
      "Through Keyway",
      "Refunded",
      "Kept",
      "Asked for the lite tier",
    ]);
    await shot("03-partially-refunded");
  });

  it("refunds the rest: the order reads Refunded and the license is revoked", async () => {
    await orderRow().getByRole("button", { name: "Refund", exact: true }).click();
    const form = page.locator("form[aria-label^='Refund ']");
    expect(await form.getByLabel("Amount (INR)").inputValue()).toBe("19.99");
    await form.getByRole("button", { name: "Review refund" }).click();
    const confirm = page.getByRole("group", { name: "Confirm the refund" });
    await confirm.getByText("Refund ₹19.99 of ₹29.99 to the buyer and revoke their license?").waitFor();
    await confirm.getByRole("button", { name: "Refund", exact: true }).click();

    await page
      .getByTestId("refund-outcome")
      .getByText("Refunded ₹19.99 (test mode: no money moved). The license is revoked.")
      .waitFor();
    await expect.poll(() => orderRow().getByRole("cell").nth(5).textContent()).toBe("Refunded");
    // Nothing is left to give back.
    expect(await orderRow().getByRole("button", { name: "Refund", exact: true }).count()).toBe(0);
    const refunds = page.getByRole("table", { name: "Refunds" });
    await expect.poll(() => refunds.getByRole("row").count()).toBe(3);
    expect(await refunds.getByRole("row").nth(2).textContent()).toMatch(
      /₹19\.99.*Through Keyway.*Refunded.*Revoked/,
    );
    await shot("04-refunded");

    await orderRow().getByRole("link", { name: "open" }).click();
    await page.getByRole("heading", { name: "Timeline" }).waitFor();
    await page.locator(".kc-badge-revoked").first().waitFor();
    await shot("05-license-revoked");
  });

  it("shows the customer the refund in their orders and receipt, and the key as stopped", async () => {
    await signInCustomer(page, server.url, customerEmail, storeName);

    await page.getByRole("link", { name: "Orders" }).click();
    await page.getByRole("heading", { name: "My orders" }).waitFor();
    const row = page.getByRole("row").filter({ hasText: "Chart Pack" });
    await row.getByText("refunded", { exact: true }).waitFor();
    await row
      .getByTestId("refund-note")
      .getByText(/^Refunded ₹29\.99/)
      .waitFor();
    await shot("06-my-orders-refunded");

    await row.getByRole("link", { name: /Receipt/ }).click();
    await page.getByRole("heading", { name: "Receipt" }).waitFor();
    const refunded = page.getByRole("row").filter({ hasText: "Refunded" });
    expect(await refunded.textContent()).toContain("−₹29.99");
    expect(await page.getByRole("row").filter({ hasText: "Net paid" }).textContent()).toContain("₹0.00");
    await shot("07-receipt-refunded");

    await page.goto(`${server.url}/orders/${orderToken}`);
    await page.getByTestId("stopped-license-key").getByText(licenseKey).waitFor();
    await page.getByText(/This key no longer works: the order was refunded\./).waitFor();
    expect(await page.getByTestId("license-key").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Copy key" }).count()).toBe(0);
    await shot("08-order-page-refunded");
  });

  it("takes the vendor's Stripe keys in settings and shows the URLs to give each provider", async () => {
    await page.goto(`${server.url}/console/settings`);
    await page.getByText("Stripe not configured").waitFor();
    expect(await page.getByTestId("stripe-callback-url").textContent()).toBe(
      `${server.url}/webhooks/gateways/stripe/vendors/${storeSlug}`,
    );
    expect(await page.getByTestId("paypal-callback-url").textContent()).toBe(
      `${server.url}/webhooks/gateways/paypal/vendors/${storeSlug}`,
    );
    expect(await page.getByTestId("upigateway-callback-url").textContent()).toBe(
      `${server.url}/webhooks/gateways/upigateway/vendors/${storeSlug}`,
    );
    expect(await page.locator("select[name=defaultGateway] option").allTextContents()).toContain("Stripe");
    await page.getByLabel("Stripe secret key").fill("sk_test_never_shown_again_123");
    await page.getByLabel("Stripe webhook signing secret").fill("whsec_never_shown_again_456");
    await page.getByRole("form", { name: "Stripe" }).getByRole("button", { name: "Save" }).click();
    await page.getByText("Stripe configured").waitFor();
    expect(await page.content()).not.toContain("never_shown_again");
    await shot("09-settings-stripe");
  });

  it("keeps a product's own refund rule when it is edited", async () => {
    await page.getByRole("link", { name: "Catalog" }).click();
    const row = page.getByRole("row").filter({ hasText: "Chart Pack" });
    await row.getByRole("button", { name: "Edit" }).click();
    const edit = page.getByRole("form", { name: "Edit Chart Pack" });
    await edit.getByLabel("When refunded").selectOption("suspend");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await edit.waitFor({ state: "detached" });
    await row.getByRole("button", { name: "Edit" }).click();
    expect(await edit.getByLabel("When refunded").inputValue()).toBe("suspend");
  });

  it("saw every page under the Content-Security-Policy, and the policy blocked nothing", () => {
    expect(csp.violations).toEqual([]);
  });
});
