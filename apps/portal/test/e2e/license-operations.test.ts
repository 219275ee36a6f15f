import type { TestServer } from "@keyway/api/testing";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserSuite,
  consoleCall as callConsole,
  signInCustomer,
  signUpVendor,
  startBrowserSuite,
} from "./browser";

/**
 * Changing a license and reissuing its key, as people do it in Chromium against a real server:
 * the vendor renames a license and gives it more seats in the console and sees both; its
 * customer asks for a new key in the portal, confirms in the page, and sees the new key (the old
 * one no longer verifies). Screenshots: test-results/license-operations.
 */

const storeName = "Render Tools";
const vendorEmail = `owner-${Date.now()}@render.test`;
const customerEmail = "artist@render.test";
const password = "a-long-and-unguessable-passphrase";

let suite: BrowserSuite;
let server: TestServer;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  suite = await startBrowserSuite("license-operations", {
    context: { viewport: { width: 1280, height: 900 } },
    // Every question is asked in the page, never with the browser's dialogs.
    refuseDialogs: true,
  });
  ({ server, context, page } = suite);
}, 120_000);

afterAll(() => suite?.close());

const shot = (name: string) => suite.shot(name);

/** A console call with the suite's browser session. */
const consoleCall = <T>(path: string, input: unknown) => callConsole<T>(context, server.url, path, input);

async function validate(key: string) {
  const res = await fetch(`${server.url}/api/v1/licenses/validate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key }),
  });
  return res.status;
}

describe("changing a license and reissuing its key", { timeout: 120_000 }, () => {
  let licenseId = "";
  let oldKey = "";

  it("the vendor renames a license and gives it three seats in the console", async () => {
    await signUpVendor(page, server.url, { storeName, email: vendorEmail, password });
    const product = await consoleCall<{ id: string }>("catalog.createProduct", {
      kind: "software",
      name: "Render Node",
    });
    const license = await consoleCall<{ id: string; key: string }>("dashboard.createLicense", {
      productId: product.id,
      customerEmail,
      binding: "studio.example",
    });
    licenseId = license.id;
    oldKey = license.key;

    await page.goto(`${server.url}/console/licenses/${licenseId}`);
    await page.getByRole("heading", { name: oldKey }).waitFor();
    await page.getByRole("button", { name: "Edit", exact: true }).click();
    const form = page.getByRole("form", { name: "Edit license" });
    await form.getByLabel("Name").fill("Studio render farm");
    await form.getByLabel("Seats").fill("3");
    await shot("01-console-edit-license");
    await form.getByRole("button", { name: "Save changes" }).click();

    await expect.poll(() => page.getByTestId("license-name").textContent()).toBe("Studio render farm");
    await page.getByText("1/3 seats").waitFor();
    await page.getByText(/Changed seats 1 → 3, name to ‘Studio render farm’/).waitFor();
    await shot("02-console-license-changed");
  });

  it("refuses fewer seats than are in use, in words, until told to release the extra", async () => {
    await consoleCall("license.update", { licenseId, maxSeats: 3 });
    const activate = (domain: string) =>
      fetch(`${server.url}/api/v1/licenses/activate`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ key: oldKey, domain }),
      });
    expect((await activate("render-2.example")).status).toBe(200);
    await page.reload();
    await page.getByText("2/3 seats").waitFor();
    await page.getByRole("button", { name: "Edit", exact: true }).click();
    const form = page.getByRole("form", { name: "Edit license" });
    await form.getByLabel("Seats").fill("1");
    await form.getByRole("button", { name: "Save changes" }).click();
    await form.getByText(/2 seats are in use/).waitFor();
    await form.getByLabel(/Release the 1 least recently seen seat/).check();
    await form.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("1/1 seats").waitFor();
    await shot("03-console-seats-released");
  });

  it("the customer gets a new key in the portal after confirming, and sees it", async () => {
    await signInCustomer(page, server.url, customerEmail, storeName);
    const card = page.locator("article").filter({ hasText: oldKey });
    await card.getByRole("button", { name: "Get a new key" }).click();
    const question = card.getByRole("region", { name: "Get a new key for Render Node?" });
    await question.getByText("The current key stops working at once").waitFor();
    await shot("04-portal-reissue-confirm");
    await question.getByRole("button", { name: "Yes, get a new key" }).click();

    const shown = page.getByTestId("new-key");
    await shown.waitFor();
    const newKey = (await shown.textContent()) ?? "";
    expect(newKey).not.toBe(oldKey);
    expect(newKey.length).toBe(oldKey.length);
    // The card itself now carries the new key; the old one is gone from the page.
    await page.locator("article .key code", { hasText: newKey }).waitFor();
    await expect.poll(() => page.locator("article .key code", { hasText: oldKey }).count()).toBe(0);
    await shot("05-portal-new-key");

    expect(await validate(oldKey)).toBe(404);
    expect(await validate(newKey)).toBe(200);
  });
});
