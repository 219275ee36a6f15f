import { createServer, type Server } from "node:http";
import { demoHeaders, type TestServer } from "@keyway/api/testing";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserSuite,
  type CspWatch,
  codeFromDevMailbox,
  enterSignInCode,
  requestSignInCode,
  startBrowserSuite,
} from "./browser";

/**
 * A customer in Chromium against a real server: buys the demo add-on and pays in the sandbox,
 * renews the demo expired license from its renewal link, signs in with a code from the dev
 * mailbox and finds the purchase, pays an order that returns to the vendor's own site — every
 * page under the server's Content-Security-Policy, which blocks nothing. Screenshots of each
 * step: test-results/customer-portal.
 */

let suite: BrowserSuite;
let server: TestServer;
let context: BrowserContext;
let page: Page;
let csp: CspWatch;
/** The vendor's own site, on another origin: where a paid order with a return URL lands. */
let vendorSite: Server;
let vendorSiteUrl: string;

beforeAll(async () => {
  suite = await startBrowserSuite("customer-portal", { context: { viewport: { width: 1280, height: 860 } } });
  ({ server, context, page, csp } = suite);
  vendorSite = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><h1>Thanks from the vendor</h1>");
  });
  await new Promise<void>((resolve) => vendorSite.listen(0, "127.0.0.1", resolve));
  const address = vendorSite.address();
  vendorSiteUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
}, 120_000);

afterAll(async () => {
  await suite?.close();
  await new Promise<void>((resolve) => (vendorSite ? vendorSite.close(() => resolve()) : resolve()));
});

const shot = (name: string, target?: Page) => suite.shot(name, target);

const phone = "9876501234";
/** The demo add-on `trading-analyzer` (#1). */
const addonName = "Smart Item Trading Analyzer";

describe("the customer portal, as a customer uses it", { timeout: 120_000 }, () => {
  let boughtKey = "";

  it("buys the demo add-on, pays in the sandbox and gets a key the verification API accepts", async () => {
    await page.goto(server.url);
    // One vendor on the demo data: `/` goes straight to its storefront.
    await page.getByRole("heading", { level: 1, name: "Biznoq Demo Store" }).waitFor();
    await page.getByRole("heading", { name: addonName }).waitFor();
    await shot("01-storefront");

    const form = page.locator("form").filter({ has: page.getByRole("heading", { name: addonName }) });
    await expect.poll(() => form.textContent()).toContain("₹2,999.00");
    // Client-side validation with the server's schemas.
    await form.getByRole("button", { name: /^Buy/ }).click();
    await form.getByText("Enter a 10-digit mobile number.").waitFor();
    await shot("02-addon-validation");

    await form.getByLabel("Serial number").fill("B-55501234");
    await form.getByLabel("Mobile number").fill(phone);
    await form.getByRole("button", { name: /^Buy/ }).click();
    await page.waitForURL(/\/pay\//);
    await shot("03-sandbox-pay-page");
    await page.getByRole("button", { name: /^Pay/ }).click();

    await page.waitForURL(/\/orders\//);
    await page.getByRole("heading", { name: /payment received/ }).waitFor({ timeout: 20_000 });
    // Development: the sandbox stands in for the gateway, so the order says it is test mode.
    await page.getByText("test mode", { exact: true }).waitFor();
    boughtKey = ((await page.getByTestId("license-key").first().textContent()) ?? "").trim();
    expect(boughtKey.length).toBeGreaterThan(8);
    await page.getByRole("button", { name: "Copy key" }).waitFor();
    await shot("04-order-paid-key");

    const res = await fetch(`${server.url}/api/purchase/status/${encodeURIComponent(boughtKey)}`, {
      headers: demoHeaders.biznoq,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { success: boolean; license: { status: string } };
    expect(body.success).toBe(true);
    // Biznoq (seed 000) calls an active license "verified".
    expect(body.license.status).toBe("verified");
  });

  it("subscribes to a plan and buys a license package from the storefront, each at its price", async () => {
    await page.goto(server.url);
    const plan = page
      .locator("form")
      .filter({ has: page.getByRole("heading", { name: "Business Suite", exact: true }) });
    await plan.getByRole("radio", { name: /Yearly/ }).check();
    await plan.getByRole("button", { name: "Subscribe to Business Suite" }).click();
    await plan.getByText("Enter an email or a mobile number so you can sign in later.").waitFor();
    await plan.getByLabel("Email").fill("team@buyer.test");
    await plan.getByRole("button", { name: "Subscribe to Business Suite" }).click();
    await page.waitForURL(/\/pay\//);
    expect(await page.getByTestId("amount").textContent()).toBe("₹7,999.00");
    await page.getByRole("button", { name: /^Pay/ }).click();
    await page.getByRole("heading", { name: /payment received/ }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId("license-key").count()).toBe(1);

    await page.goto(server.url);
    const pack = page
      .locator("form")
      .filter({ has: page.getByRole("heading", { name: "Team License Package" }) });
    await expect.poll(() => pack.textContent()).toContain("$9.99");
    await pack.getByLabel("Number of licenses").fill("2");
    await pack.getByLabel("Email").fill("team@buyer.test");
    await pack.getByRole("button", { name: "Buy licenses" }).click();
    await page.waitForURL(/\/pay\//);
    expect(await page.getByTestId("amount").textContent()).toBe("$19.98");
    await page.getByRole("button", { name: /^Pay/ }).click();
    await page.getByRole("heading", { name: /payment received/ }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId("license-key").count()).toBe(2);
    await shot("04b-package-paid");
  });

  it("renews the expired demo license from its renewal link; the new expiry shows and it verifies", async () => {
    const before = await verifyBlenddoit();
    expect(before.status).not.toBe("success");

    await page.goto(`${server.url}/renew?key=EXPIRED000000001`);
    await page.getByRole("heading", { name: "Renew your license" }).waitFor();
    await page.getByText("expired", { exact: true }).waitFor();
    await shot("05-renew-expired");
    await page.getByRole("button", { name: /and renew$/ }).click();
    await page.waitForURL(/\/pay\//);
    await page.getByRole("button", { name: /^Pay/ }).click();
    await page.waitForURL(/\/orders\//);
    await page.getByRole("heading", { name: /payment received/ }).waitFor({ timeout: 20_000 });
    const expiry = (await page.getByTestId("license-expiry").first().textContent()) ?? "";
    expect(new Date(expiry).getTime()).toBeGreaterThan(Date.now());
    await shot("06-renewed");

    const after = await verifyBlenddoit();
    expect(after.status).toBe("success");
  });

  it("signs in with a code from the dev mailbox and finds the purchase among the licenses", async () => {
    await requestSignInCode(page, server.url, phone);
    await shot("07-code-sent");

    const mailbox = await context.newPage();
    await mailbox.goto(`${server.url}/dev/mailbox`);
    await mailbox.getByRole("heading", { name: "Dev mailbox" }).waitFor();
    await shot("08-dev-mailbox", mailbox);
    const code = await codeFromDevMailbox(server.url, phone);
    await mailbox.close();

    await enterSignInCode(page, code);
    await page.getByRole("heading", { name: "My licenses" }).waitFor();
    await page.getByText(boughtKey).waitFor();
    await page.getByRole("button", { name: "Show timeline" }).first().click();
    await page.locator(".timeline li").first().waitFor();
    await shot("09-my-licenses");
    // A mutation right after signing in: the CSRF token came with the sign-in answer.
    const download = page.waitForEvent("download");
    await page
      .locator("article")
      .filter({ hasText: boughtKey })
      .getByRole("button", { name: "Download certificate" })
      .click();
    expect((await download).suggestedFilename()).toBe(`smart-item-trading-analyzer-license-${boughtKey}.kwc`);

    await page.getByRole("link", { name: "Orders" }).click();
    await page.getByRole("heading", { name: "My orders" }).waitFor();
    await page
      .getByRole("link", { name: /Receipt/ })
      .first()
      .click();
    await page.getByRole("heading", { name: "Receipt" }).waitFor();
    await shot("10-receipt");
    await page.getByRole("link", { name: "Subscriptions" }).click();
    await page.getByRole("heading", { name: "My subscriptions" }).waitFor();

    // The same pages on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/account/licenses`);
    await page.getByText(boughtKey).waitFor();
    await shot("11-phone-licenses");
    await page.goto(`${server.url}/`);
    await page.getByRole("heading", { name: addonName }).waitFor();
    await shot("12-phone-storefront");
  });

  it("pays an order whose return URL is the vendor's own site, and lands there", async () => {
    const res = await fetch(`${server.url}/trpc/checkout.createOrder`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        vendorSlug: "demo",
        item: { kind: "addon", productNumber: 1, serialNo: "B-55501235" },
        returnUrl: `${vendorSiteUrl}/thanks`,
      }),
    });
    const order = (await res.json()) as { result?: { data: { paymentUrl: string } } };
    await page.goto(order.result?.data.paymentUrl ?? "");
    await page.getByRole("button", { name: /^Pay/ }).click();
    await page.waitForURL(`${vendorSiteUrl}/thanks**`);
    await page.getByRole("heading", { name: "Thanks from the vendor" }).waitFor();
  });

  it("signs out after a page load: the CSRF token the mutation needs comes from customer.me", async () => {
    await page.goto(`${server.url}/account/licenses`);
    await page.getByRole("heading", { name: "My licenses" }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("link", { name: "Sign in" }).waitFor();
    await page.goto(`${server.url}/account/licenses`);
    await page.waitForURL(/\/sign-in/);
  });

  it("saw every page under the Content-Security-Policy, and the policy blocked nothing", async () => {
    // The API reference (/docs) has its own browser test and policy: api-docs.test.ts.
    const paths = csp.documents.map((d) => new URL(d.url).pathname);
    for (const visited of ["/", "/pay/", "/orders/", "/renew", "/sign-in", "/dev/mailbox", "/account/"])
      expect(
        paths.some((p) => p.startsWith(visited)),
        visited,
      ).toBe(true);
    for (const d of csp.documents) expect(d.policy, d.url).toContain("frame-ancestors 'none'");
    expect(csp.violations).toEqual([]);
  });
});

async function verifyBlenddoit() {
  const res = await fetch(`${server.url}/api/verify-license.php`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ software_id: "1", license_key: "EXPIRED000000001", domain: "example.org" }),
  });
  return (await res.json()) as { status: string };
}
