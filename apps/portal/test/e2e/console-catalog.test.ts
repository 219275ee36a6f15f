import type { TestServer } from "@keyway/api/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, expectAccessible, signUpVendor, startBrowserSuite } from "./browser";

/**
 * An INR store's vendor prices a product and its plans in the console, and looks after a license:
 * bad prices are refused in words under their fields, a plan name is not taken twice, a plan's
 * price is edited in the page, the license's expiry is a day picked and shown in the vendor's time
 * zone (Asia/Kolkata), and destructive actions ask first, in the page. The browser's own
 * prompt/confirm dialogs never open.
 */

let suite: BrowserSuite;
let server: TestServer;
let page: Page;
const dialogs: string[] = [];

beforeAll(async () => {
  suite = await startBrowserSuite("console-catalog", { context: { viewport: { width: 1280, height: 800 } } });
  ({ server, page } = suite);
  // Recorded rather than thrown: a dialog anywhere fails the last test, with what it asked.
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
}, 120_000);

afterAll(async () => {
  await suite?.close();
});

const shot = (name: string) => suite.shot(name);
const control = (form: string, name: string) => page.locator(`form[aria-label="${form}"] [name="${name}"]`);
const planRow = (name: string) =>
  page
    .locator("section", { has: page.getByRole("heading", { name: "Plans", exact: true }) })
    .getByRole("row")
    .filter({ hasText: name });

describe("the console's catalog and license pages, in an INR store", { timeout: 120_000 }, () => {
  const storeAddress = `ledger-${Date.now()}`;

  it("signs up an INR vendor and opens the catalog, where a new product is priced in INR", async () => {
    await signUpVendor(page, server.url, {
      storeName: "Ledger Works",
      email: `owner-${Date.now()}@ledger.test`,
      password: "a-long-and-unguessable-passphrase",
      storeAddress,
    });
    await page.getByRole("link", { name: "Catalog" }).click();
    await page.getByRole("heading", { name: "Catalog" }).waitFor();
    expect(await control("New product", "currency").inputValue()).toBe("INR");
  });

  it("refuses a product price that is not a number, in words", async () => {
    await control("New product", "kind").selectOption("software");
    await control("New product", "name").fill("Ledger Pro");
    await control("New product", "durationValue").fill("");
    await control("New product", "price").fill("abc");
    await page.getByRole("button", { name: "Create product" }).click();
    await page.getByRole("alert").filter({ hasText: "Price must be an amount in INR" }).waitFor();
    expect(await page.getByRole("cell", { name: "Ledger Pro", exact: true }).count()).toBe(0);
    await shot("01-product-price-refused");
    await control("New product", "price").fill("");
    await page.getByRole("button", { name: "Create product" }).click();
    await page.getByRole("cell", { name: "Ledger Pro", exact: true }).waitFor();
  });

  it("refuses a negative monthly and a yearly 'abc' under their fields, and creates no plan", async () => {
    await control("New plan", "planName").fill("Gold");
    await control("New plan", "monthly").fill("-5");
    await control("New plan", "yearly").fill("abc");
    await page.getByRole("button", { name: "Create plan" }).click();
    const form = page.locator('form[aria-label="New plan"]');
    await form.getByRole("alert").filter({ hasText: "Monthly price cannot be negative" }).waitFor();
    await form.getByRole("alert").filter({ hasText: "Yearly price must be an amount in INR" }).waitFor();
    expect(await control("New plan", "monthly").getAttribute("aria-invalid")).toBe("true");
    expect(await planRow("Gold").count()).toBe(0);
    await shot("02-plan-prices-refused");

    await control("New plan", "monthly").fill("499");
    await control("New plan", "yearly").fill("4999");
    await page.getByRole("button", { name: "Create plan" }).click();
    await expect.poll(() => planRow("Gold").textContent()).toContain("monthly: ₹499.00");
    expect(await planRow("Gold").textContent()).toContain("yearly: ₹4,999.00");
  });

  it("refuses a second plan named the same for the product", async () => {
    await control("New plan", "planName").fill("gold");
    await control("New plan", "monthly").fill("299");
    await page.getByRole("button", { name: "Create plan" }).click();
    await page.getByRole("alert").filter({ hasText: "This product already has a plan named" }).waitFor();
    expect(await planRow("₹299").count()).toBe(0);
    await shot("03-duplicate-plan-refused");
  });

  it("edits a plan's monthly price in the page, in INR, refusing a negative one", async () => {
    const row = planRow("Gold");
    await row.getByRole("button", { name: "Monthly price" }).click();
    const monthly = row.getByRole("textbox", { name: "Monthly price (INR)" });
    expect(await monthly.inputValue()).toBe("499");
    await monthly.fill("-5");
    await row.getByRole("button", { name: "Save" }).click();
    await row.getByRole("alert").filter({ hasText: "Monthly price cannot be negative" }).waitFor();
    await monthly.fill("599");
    await row.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => row.textContent()).toContain("monthly: ₹599.00");
    await shot("04-plan-price-edited");
    await expectAccessible(page, "the console's catalog");
  });

  it("shows the plan's prices in rupees in the store", async () => {
    await page.goto(`${server.url}/${storeAddress}`);
    await page.getByText("₹599").first().waitFor();
    expect(await page.locator("main").textContent()).not.toContain("$");
    await shot("05-storefront-in-inr");
  });

  it("extends a license to a day picked in the vendor's time zone, and shows that day", async () => {
    await page.goto(`${server.url}/console/licenses`);
    await page.getByRole("button", { name: "New license by hand" }).click();
    await control("New license", "productId").selectOption({ label: "Ledger Pro (domain)" });
    await control("New license", "customerEmail").fill("buyer@ledger.test");
    await page.getByRole("button", { name: "Create license" }).click();
    await page.getByRole("heading", { name: "Seats" }).waitFor();

    await page.getByRole("button", { name: "Extend" }).click();
    await page.getByLabel("Valid until").fill("2028-06-30");
    await page.getByRole("button", { name: "Extend" }).click();
    await expect.poll(() => page.locator(".kc-dl").textContent()).toContain("30 Jun 2028");
    await shot("06-license-extended");
  });

  it("asks before making it perpetual, suspending or revoking, and does nothing on Cancel", async () => {
    const actions = page.getByTestId("license-actions");
    await actions.getByRole("button", { name: "Make perpetual" }).click();
    await actions.getByText("Make this license perpetual? It will never expire.").waitFor();
    await actions.getByRole("button", { name: "Cancel" }).click();
    await actions.getByRole("button", { name: "Suspend" }).click();
    await actions.getByText(/Suspend this license\?/).waitFor();
    await actions.getByRole("button", { name: "Cancel" }).click();

    await actions.getByRole("button", { name: "Revoke" }).click();
    await actions.getByText("Revoke this license for good?").waitFor();
    await shot("07-revoke-asks-first");
    await expectAccessible(page, "the license page");
    await actions.getByRole("button", { name: "Cancel" }).click();
    expect(await page.locator(".kc-dl").textContent()).toContain("30 Jun 2028");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).not.toContain("revoked");

    await actions.getByRole("button", { name: "Revoke" }).click();
    await actions.getByRole("button", { name: "Revoke" }).click();
    await page.locator(".kc-badge").filter({ hasText: "revoked" }).waitFor();
    await shot("08-license-revoked");
  });

  it("never opened a browser prompt or confirm", () => {
    expect(dialogs).toEqual([]);
  });
});
