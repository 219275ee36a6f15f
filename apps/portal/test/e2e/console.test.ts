import { createServer, type Server } from "node:http";
import type { TestServer } from "@keyway/api/testing";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, type CspWatch, fillVendorSignUp, startBrowserSuite } from "./browser";

/**
 * A vendor goes from nothing to selling, through the console in Chromium against a real server:
 * sign up, create an add-on and a plan, create an API key, buy through the Biznoq dialect with
 * it, see the order and license, and see the webhook delivery; sign out and back in. Every page
 * under the server's Content-Security-Policy, which blocks nothing.
 */

let suite: BrowserSuite;
let server: TestServer;
let context: BrowserContext;
let page: Page;
let csp: CspWatch;
let receiver: Server;
let receiverUrl: string;
const received: { headers: Record<string, unknown>; body: string }[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/hooks/keyway`;

  suite = await startBrowserSuite("console", {
    env: { WORKER: "true", ALLOW_PRIVATE_WEBHOOK_URLS: "true" },
    context: { viewport: { width: 1360, height: 900 } },
    refuseDialogs: true,
  });
  ({ server, context, page, csp } = suite);
}, 120_000);

afterAll(async () => {
  await suite?.close();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
});

const shot = (name: string) => suite.shot(name);

/** A row of the console catalog's product table. */
function productRow(name: string) {
  return page
    .locator("section", { has: page.getByRole("heading", { name: "Products", exact: true }) })
    .getByRole("row")
    .filter({ hasText: name });
}

/** A form control by its form's label and the control's name (labels wrap their controls). */
async function field(form: string, name: string) {
  return page.locator(`form[aria-label="${form}"] [name="${name}"]`);
}

describe("the vendor console, as a vendor uses it", { timeout: 120_000 }, () => {
  const email = `owner-${Date.now()}@acme.test`;
  const password = "a-long-and-unguessable-passphrase";
  let apiKey = "";
  let apiSecret = "";
  let addonNumber = 0;
  let licenseKey = "";

  it("signs up a new vendor", async () => {
    await fillVendorSignUp(page, server.url, { storeName: "Acme Plugins", email, password });
    await shot("01-sign-up");
    // An address that is one of the portal's own routes is refused by the shared contract.
    await page.getByLabel("Store address").fill("Console");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("alert").filter({ hasText: "This address is reserved; choose another." }).waitFor();
    await page.getByLabel("Store address").fill("");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Dashboard" }).isVisible()).toBe(true);
    await expect
      .poll(() => page.getByText("Revenue per day (INR)").isVisible(), { timeout: 15_000 })
      .toBe(true);
    await shot("02-dashboard-empty");
  });

  it("creates an add-on and a plan in the catalog", async () => {
    await page.getByRole("link", { name: "Catalog" }).click();
    await page.getByRole("heading", { name: "Catalog" }).waitFor();
    // Software first (plans sell software), then the add-on.
    await (await field("New product", "kind")).selectOption("software");
    await (await field("New product", "name")).fill("Acme Accounting");
    await (await field("New product", "durationValue")).fill("");
    await page.getByRole("button", { name: "Create product" }).click();
    await page.getByRole("cell", { name: "Acme Accounting", exact: true }).waitFor();

    await (await field("New product", "kind")).selectOption("addon");
    await (await field("New product", "name")).fill("Stock Analyzer");
    await (await field("New product", "price")).fill("2999");
    await (await field("New product", "bindingKind")).selectOption("serial");
    await (await field("New product", "prefix")).fill("SA");
    await (await field("New product", "groups")).fill("3");
    await page.getByRole("button", { name: "Create product" }).click();
    const row = page.getByRole("row").filter({ hasText: "Stock Analyzer" });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain("₹2,999.00");
    addonNumber = Number((await row.getByRole("cell").first().textContent()) ?? "0");
    expect(addonNumber).toBeGreaterThan(0);
    // Edit it: two seats per license from now on.
    await row.getByRole("button", { name: "Edit" }).click();
    await page.locator('form[aria-label="Edit Stock Analyzer"] [name="maxSeats"]').fill("2");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => row.textContent()).toContain("serial · 2 seats");

    await (await field("New plan", "planName")).fill("Accounting Monthly");
    await (await field("New plan", "monthly")).fill("499");
    await (await field("New plan", "yearly")).fill("4999");
    await page.getByRole("button", { name: "Create plan" }).click();
    const planRow = page.getByRole("row").filter({ hasText: "Accounting Monthly" });
    await planRow.waitFor();
    await expect.poll(() => planRow.textContent()).toContain("monthly: ₹499.00");
    await shot("03-catalog");
  });

  it("prices in each currency's own digits: yen have none", async () => {
    // ¥1500 is 1500 minor units: shown, typed and offered back as such.
    await (await field("New product", "kind")).selectOption("software");
    await (await field("New product", "name")).fill("Yen Suite");
    await (await field("New product", "price")).fill("1500");
    await (await field("New product", "currency")).fill("JPY");
    await (await field("New product", "durationValue")).fill("");
    await page.getByRole("button", { name: "Create product" }).click();
    await expect.poll(() => productRow("Yen Suite").textContent()).toContain("¥1,500");
    await (await field("New plan", "planProduct")).selectOption({ label: "Yen Suite" });
    await (await field("New plan", "planName")).fill("Yen Monthly");
    await (await field("New plan", "monthly")).fill("1500");
    await page.getByRole("button", { name: "Create plan" }).click();
    const planRow = page.getByRole("row").filter({ hasText: "Yen Monthly" });
    await expect.poll(() => planRow.textContent()).toContain("monthly: ¥1,500");
    await planRow.getByRole("button", { name: "Monthly price" }).click();
    const monthly = planRow.getByRole("textbox", { name: "Monthly price (JPY)" });
    expect(await monthly.inputValue()).toBe("1500");
    await monthly.fill("2000");
    await planRow.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => planRow.textContent()).toContain("monthly: ¥2,000");
  });

  it("prices a product given no currency in the store's, when editing as when creating", async () => {
    const software = productRow("Acme Accounting");
    await software.getByRole("button", { name: "Edit" }).click();
    await page.locator('form[aria-label="Edit Acme Accounting"] [name="price"]').fill("100");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => software.textContent()).toContain("₹100.00");
    await shot("03b-catalog-currencies");
  });

  it("creates an API key whose secret is shown once", async () => {
    await page.getByRole("link", { name: "API credentials" }).click();
    await page.getByLabel("Credential name").fill("Billing server");
    await page.getByRole("button", { name: "Create API key" }).click();
    apiSecret = (await page.getByTestId("once-secret").textContent()) ?? "";
    apiKey = (await page.getByTestId("issued-key").textContent()) ?? "";
    expect(apiSecret).toMatch(/^sec_/);
    expect(apiKey).toMatch(/^biz_/);
    await shot("04-credential-created");
    await page.getByRole("button", { name: "I have stored it" }).click();
    // Once dismissed, only the hint is left.
    await expect.poll(() => page.content()).not.toContain(apiSecret);
    expect(await page.getByRole("row").filter({ hasText: "Billing server" }).textContent()).toContain(
      apiSecret.slice(-4),
    );
  });

  it("registers a webhook endpoint", async () => {
    await page.getByRole("link", { name: "Webhooks" }).click();
    await (await field("Add an endpoint", "url")).fill(receiverUrl);
    await (await field("Add an endpoint", "description")).fill("Our billing system");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    expect(await page.getByTestId("once-secret").textContent()).toMatch(/^whsec_/);
    await page.getByRole("button", { name: "I have stored it" }).click();
    await page.getByRole("cell", { name: /Our billing system/ }).waitFor();
    // "Send test" queues a signed delivery; the worker delivers it and the console shows it.
    await page.getByRole("button", { name: "Send test" }).click();
    const test = page.getByTestId("deliveries").getByRole("row").filter({ hasText: "webhook.test" });
    await expect
      .poll(async () => ((await test.count()) > 0 ? await test.first().textContent() : ""), {
        timeout: 20_000,
      })
      .toContain("succeeded");
    expect(
      received.some(
        (r) => r.body.includes("webhook.test") && typeof r.headers["webhook-signature"] === "string",
      ),
    ).toBe(true);
    await shot("05-webhook-endpoint");
  });

  it("creates a license by hand and finds it by its customer's email", async () => {
    await page.getByRole("link", { name: "Licenses" }).click();
    await page.getByRole("button", { name: "New license by hand" }).click();
    await (await field("New license", "productId")).selectOption({ label: "Stock Analyzer (serial)" });
    await (await field("New license", "customerEmail")).fill("gift@customer.test");
    await (await field("New license", "binding")).fill("B-99990001");
    await page.getByRole("button", { name: "Create license" }).click();
    await page.getByRole("heading", { name: "Seats" }).waitFor();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toMatch(/^SA-/);
    await page.getByRole("link", { name: "Licenses" }).click();
    await page.getByLabel("Search licenses").fill("gift@customer.test");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("row").filter({ hasText: "B-99990001" }).waitFor();
    await shot("06-license-by-hand");
  });

  it("buys the add-on through the Biznoq dialect with the new API key, and pays", async () => {
    const res = await fetch(`${server.url}/api/purchase`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": apiKey, "x-api-secret": apiSecret },
      body: JSON.stringify({ addonId: addonNumber, serialNo: "B-55501234", buyerPhone: "9460439200" }),
    });
    const body = (await res.json()) as { success?: boolean; paymentUrl?: string; licenseKey?: string };
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ success: true });
    licenseKey = body.licenseKey ?? "";
    expect(licenseKey).toMatch(/^SA-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    // The sandbox gateway's hosted page: the buyer pays.
    await page.goto(body.paymentUrl ?? "");
    await shot("07-sandbox-pay-page");
    await page.getByRole("button", { name: /^pay/i }).first().click();
    await page.waitForLoadState("networkidle");
    await shot("08-paid");
  });

  it("shows the license in the console, and the delivered webhook", async () => {
    await page.goto(`${server.url}/console/licenses?q=${encodeURIComponent(licenseKey)}`);
    const row = page.getByRole("row").filter({ hasText: licenseKey });
    await row.waitFor();
    expect(await row.textContent()).toContain("Stock Analyzer");
    await expect.poll(async () => (await row.textContent()) ?? "", { timeout: 10_000 }).toContain("active");
    await shot("09-license-search");
    await row.getByRole("link").click();
    await page.getByRole("heading", { name: "Timeline" }).waitFor();
    // The console calls the licensing procedures with its session (and CSRF token).
    await page.getByRole("button", { name: "Suspend" }).click();
    // Suspending asks first, in the page: the confirm button is named like the action.
    await page.getByRole("button", { name: "Suspend" }).click();
    await page.getByText(/Suspended — by owner-\d+@acme\.test \(owner\)/).waitFor();
    await page.getByRole("button", { name: "Reinstate" }).click();
    await page.getByText(/Reinstated — by owner-\d+@acme\.test \(owner\)/).waitFor();
    await shot("10-license-detail");

    await page.getByRole("link", { name: "Orders" }).click();
    // The license page's message log also has a "Stock Analyzer" row: wait for the Orders page.
    await page.waitForURL(/\/console\/orders/);
    await page.getByRole("heading", { name: "Orders", exact: true }).waitFor();
    await page.getByRole("row").filter({ hasText: "Stock Analyzer" }).first().waitFor();
    // Paid through the sandbox (development): a test-mode order, marked as such.
    expect(await page.getByRole("row").filter({ hasText: "Stock Analyzer" }).first().textContent()).toMatch(
      /test mode.*paid/,
    );
    await shot("11-orders");

    await page.getByRole("link", { name: "Webhooks" }).click();
    const delivery = page.getByTestId("deliveries").getByRole("row").filter({ hasText: "payment.succeeded" });
    await expect
      .poll(async () => (await delivery.count()) > 0 && ((await delivery.first().textContent()) ?? ""), {
        timeout: 20_000,
      })
      .toContain("succeeded");
    await delivery.first().getByRole("button", { name: "payment.succeeded" }).click();
    await shot("12-webhook-delivery");
    expect(
      received.some((r) => r.body.includes(licenseKey) && typeof r.headers["webhook-signature"] === "string"),
    ).toBe(true);

    await page.getByRole("link", { name: "Dashboard" }).click();
    // Sandbox money is test money: shown apart from the live revenue headline.
    await expect
      .poll(async () => (await page.getByTestId("test-revenue").textContent()) ?? "", { timeout: 10_000 })
      .toContain("₹2,999.00");
    expect(await page.getByTestId("revenue").textContent()).not.toContain("₹2,999.00");
    // The charts (a lazily loaded chunk) draw the day's revenue: live, and test mode as its own line.
    const lines = page.locator("[data-testid=chart-revenue] .recharts-line");
    await lines.last().waitFor({ timeout: 15_000 });
    expect(await lines.count()).toBe(2);
    // Today's new licenses (this test sold one) are a bar, under the chart's name for screen readers.
    const newLicenseBars = page
      .getByRole("img", { name: "New licenses per day" })
      .locator(".recharts-bar-rectangle");
    await newLicenseBars.last().waitFor({ timeout: 15_000 });
    expect(await newLicenseBars.count()).toBeGreaterThan(0);
    await shot("13-dashboard");
  });

  it("offers only the actions core takes: a revoked license offers no Extend, nor anything else", async () => {
    await page.getByRole("link", { name: "Licenses" }).click();
    await page.getByLabel("Search licenses").fill("gift@customer.test");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("row").filter({ hasText: "B-99990001" }).getByRole("link").click();
    await page.getByRole("heading", { name: "Timeline" }).waitFor();
    const actions = page.getByTestId("license-actions");
    await expect
      .poll(async () => (await actions.getByRole("button").allTextContents()).join(","))
      .toBe("Edit,Reissue key,Suspend,Extend,Make perpetual,Revoke");
    await actions.getByRole("button", { name: "Revoke" }).click();
    const confirm = actions.getByRole("group", { name: "Confirm" });
    await confirm.getByText("Revoke this license for good?").waitFor();
    await confirm.getByRole("button", { name: "Revoke" }).click();
    await page.getByText(/Revoked — by owner-\d+@acme\.test \(owner\)/).waitFor();
    await expect.poll(async () => actions.getByRole("button").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Extend" }).count()).toBe(0);
    await shot("13b-license-revoked");
  });

  it("keeps gateway credentials write-only and shows the certificate key in settings", async () => {
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByLabel("UPI Gateway key").fill("upi-key-never-shown-again-123");
    await page.getByRole("form", { name: "UPI Gateway" }).getByRole("button", { name: "Save" }).click();
    await page.getByText("UPI Gateway configured").waitFor();
    expect(await page.content()).not.toContain("upi-key-never-shown-again-123");
    await expect
      .poll(async () => (await page.getByTestId("signing-public-key").textContent()) ?? "")
      .toMatch(/^[A-Za-z0-9_-]{43}$/);
    await shot("14-settings");
  });

  it("signs in again in a browser without the session; sees its customers", async () => {
    await context.clearCookies();
    await page.goto(`${server.url}/console`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await shot("15-sign-in");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await page.getByRole("link", { name: "Customers" }).click();
    await page.getByRole("heading", { name: "Customers", exact: true }).waitFor();
    await page.getByRole("cell", { name: "9460439200" }).first().waitFor();
  });

  it("saw every page under the Content-Security-Policy, and the policy blocked nothing", async () => {
    const paths = csp.documents.map((d) => new URL(d.url).pathname);
    expect(paths).toEqual(expect.arrayContaining(["/console", "/console/licenses"]));
    expect(paths.some((p) => p.startsWith("/pay/"))).toBe(true);
    for (const d of csp.documents) expect(d.policy, d.url).toContain("frame-ancestors 'none'");
    expect(csp.violations).toEqual([]);
  });
});
