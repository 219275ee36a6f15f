import type { TestServer } from "@keyway/api/testing";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, consoleCall, signUpVendor, startBrowserSuite } from "./browser";

/**
 * Entitlements as a vendor works with them in Chromium against a real server: creates a feature
 * code in the console, attaches it to a product, sees it on a license of that product (and in
 * the license's validation), grants another to that license alone and removes it again.
 * Screenshots: test-results/entitlements.
 */

const vendorEmail = `owner-${Date.now()}@entitled.test`;
const password = "a-long-and-unguessable-passphrase";

let suite: BrowserSuite;
let server: TestServer;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  suite = await startBrowserSuite("entitlements", {
    context: { viewport: { width: 1280, height: 900 } },
    refuseDialogs: true,
  });
  ({ server, context, page } = suite);
}, 120_000);

afterAll(() => suite?.close());

const shot = (name: string) => suite.shot(name);

async function validatedCodes(key: string): Promise<string[]> {
  const res = await fetch(`${server.url}/api/v1/licenses/validate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key }),
  });
  return ((await res.json()) as { entitlements: string[] }).entitlements;
}

describe("entitlements in the console", { timeout: 120_000 }, () => {
  let licenseId = "";
  let key = "";

  it("the vendor creates an entitlement and attaches it to a product", async () => {
    await signUpVendor(page, server.url, { storeName: "Entitled Apps", email: vendorEmail, password });
    const product = await consoleCall<{ id: string }>(context, server.url, "catalog.createProduct", {
      kind: "software",
      name: "Report Studio",
    });
    const license = await consoleCall<{ id: string; key: string }>(
      context,
      server.url,
      "dashboard.createLicense",
      {
        productId: product.id,
        customerEmail: "analyst@entitled.test",
      },
    );
    licenseId = license.id;
    key = license.key;

    await page.getByRole("link", { name: "Entitlements" }).click();
    await page.getByRole("heading", { name: "Entitlements", exact: true }).waitFor();
    const form = page.getByRole("form", { name: "New entitlement" });
    await form.getByLabel("Code").fill("pro export");
    await form.getByLabel("Name").fill("Export to PDF");
    await form.getByRole("button", { name: "Create entitlement" }).click();
    await form.getByText(/capital letters, digits and underscores/).waitFor();
    await form.getByLabel("Code").fill("PRO_EXPORT");
    await form.getByRole("button", { name: "Create entitlement" }).click();
    const row = page.locator('tr[data-code="PRO_EXPORT"]');
    await row.getByText("Nothing yet").waitFor();
    await shot("01-entitlement-created");

    const attach = page.getByRole("form", { name: "Attach an entitlement" });
    await attach.getByLabel("Product or plan").selectOption({ label: "Report Studio" });
    await attach.getByRole("button", { name: "Attach" }).click();
    await row.getByText("Product Report Studio").waitFor();
    await shot("02-entitlement-attached");

    // The same code again is refused in words.
    await form.getByLabel("Code").fill("PRO_EXPORT");
    await form.getByLabel("Name").fill("Twice");
    await form.getByRole("button", { name: "Create entitlement" }).click();
    await form.getByText("You already have an entitlement with the code PRO_EXPORT.").waitFor();
  });

  it("sees it on a license of the product, and grants and removes one for that license alone", async () => {
    await page.goto(`${server.url}/console/licenses/${licenseId}`);
    await page.getByRole("heading", { name: key }).waitFor();
    const effective = page.getByTestId("license-entitlements");
    await expect.poll(() => effective.textContent()).toBe("PRO_EXPORT");
    expect(await validatedCodes(key)).toEqual(["PRO_EXPORT"]);

    await consoleCall(context, server.url, "entitlement.create", {
      code: "BETA_CHANNEL",
      name: "Beta builds",
    });
    await page.reload();
    const grant = page.getByRole("form", { name: "Grant an entitlement" });
    await grant.getByLabel("Grant to this license").selectOption({ label: "BETA_CHANNEL — Beta builds" });
    await grant.getByRole("button", { name: "Grant" }).click();
    await expect.poll(() => effective.textContent()).toBe("BETA_CHANNEL PRO_EXPORT");
    await shot("03-license-entitlements");
    await expect.poll(() => validatedCodes(key)).toEqual(["BETA_CHANNEL", "PRO_EXPORT"]);

    await page.getByRole("button", { name: "Remove BETA_CHANNEL" }).click();
    await expect.poll(() => effective.textContent()).toBe("PRO_EXPORT");
    await expect.poll(() => validatedCodes(key)).toEqual(["PRO_EXPORT"]);
  });
});
