import type { TestServer } from "@keyway/api/testing";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, consoleCall, expectAccessible, signUpVendor, startBrowserSuite } from "./browser";

/**
 * An owner looks after the store's signing keys in Settings: sees the active key, rotates it
 * (the old one stays, rotated), retires the old one, and revokes the active one after saying so in
 * the page (a new one signs at once). And sets how long a product's certificates last.
 */

let suite: BrowserSuite;
let server: TestServer;
let page: Page;
let context: BrowserContext;

beforeAll(async () => {
  suite = await startBrowserSuite("signing-keys", {
    context: { viewport: { width: 1280, height: 900 } },
    refuseDialogs: true,
  });
  ({ server, page, context } = suite);
}, 120_000);

afterAll(async () => {
  await suite?.close();
});

const keysTable = () => page.getByRole("table", { name: "Signing keys" });
const keyRows = () => keysTable().locator("tbody tr");
/** The statuses in the table, top to bottom (newest first). */
const statuses = async () => (await keyRows().locator(".kc-badge").allTextContents()).map((s) => s.trim());

describe("signing keys in the console", { timeout: 120_000 }, () => {
  it("shows the store's active key in Settings", async () => {
    await signUpVendor(page, server.url, {
      storeName: "Keyed Store",
      email: `owner-${Date.now()}@keys.test`,
      password: "a-long-and-unguessable-passphrase",
      storeAddress: `keyed-${Date.now()}`,
    });
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { name: "Signing keys" }).waitFor();
    await expect.poll(statuses).toEqual(["active"]);
    const x = (await page.getByTestId("signing-public-key").textContent()) ?? "";
    expect(x).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expectAccessible(page, "settings with signing keys");
    await suite.shot("01-signing-keys");
  });

  it("rotates after asking, keeping the old key as rotated; then retires the old key", async () => {
    const firstKid = await keyRows().first().getAttribute("data-kid");
    await page.getByRole("button", { name: "Rotate", exact: true }).click();
    await page.getByText("Make a new signing key?").waitFor();
    await page.getByRole("button", { name: "Rotate key" }).click();
    await expect.poll(statuses).toEqual(["active", "rotated"]);
    expect(await keyRows().nth(1).getAttribute("data-kid")).toBe(firstKid);
    expect(await keyRows().first().getAttribute("data-kid")).not.toBe(firstKid);
    await suite.shot("02-rotated");

    await keyRows().nth(1).getByRole("button", { name: "Retire" }).click();
    await expect.poll(statuses).toEqual(["active", "retired"]);
    await expect.poll(() => keyRows().nth(1).getByRole("button", { name: "Retire" }).count()).toBe(0);
  });

  it("revokes the active key after a confirmation in the page; a new key is active at once", async () => {
    const activeKid = await keyRows().first().getAttribute("data-kid");
    await keyRows().first().getByRole("button", { name: "Revoke" }).click();
    const confirm = page.getByRole("group", { name: "Confirm" });
    await confirm.getByText("Revoke the active key?").waitFor();
    await suite.shot("03-revoke-confirm");
    await confirm.getByRole("button", { name: "Revoke" }).click();
    await expect.poll(statuses).toEqual(["active", "revoked", "retired"]);
    expect(await keyRows().first().getAttribute("data-kid")).not.toBe(activeKid);
    expect(await keyRows().nth(1).getAttribute("data-kid")).toBe(activeKid);
    // The table shows the kid shortened; the published list has it in full.
    const slug = (
      await consoleCall<{ slug: string }>(context, server.url, "vendorSettings.get", undefined, "query")
    ).slug;
    const list = (await (await fetch(`${server.url}/api/v1/vendors/${slug}/signing-keys`)).json()) as {
      keys: { kid: string; status: string }[];
    };
    expect(list.keys.map((k) => k.status)).toEqual(["active", "revoked", "retired"]);
    expect(await keyRows().first().locator("code").getAttribute("title")).toBe(list.keys[0]?.kid);
    await suite.shot("04-revoked");
  });
});

describe("a product's certificate lifetime", { timeout: 120_000 }, () => {
  const field = () => page.locator('form[aria-label="New product"] [name="certificateTtlDays"]');

  it("defaults to 30 days, refuses 0 in words, and stores what is typed", async () => {
    await page.getByRole("link", { name: "Catalog" }).click();
    await page.getByRole("heading", { name: "Catalog" }).waitFor();
    expect(await page.getByLabel("Certificate lifetime (days)").first().inputValue()).toBe("30");
    await page.locator('form[aria-label="New product"] [name="kind"]').selectOption("software");
    await page.locator('form[aria-label="New product"] [name="name"]').fill("Short Cert");
    await field().fill("0");
    await page.getByRole("button", { name: "Create product" }).click();
    await page.getByRole("alert").filter({ hasText: "Certificate lifetime (days)" }).waitFor();
    await field().fill("14");
    await page.getByRole("button", { name: "Create product" }).click();
    await page.getByRole("cell", { name: "Short Cert", exact: true }).waitFor();
    const products = await consoleCall<{ name: string; certificateTtlDays: number }[]>(
      context,
      server.url,
      "catalog.listProducts",
      {},
      "query",
    );
    expect(products.find((p) => p.name === "Short Cert")?.certificateTtlDays).toBe(14);
  });
});
