import type { TestServer } from "@keyway/api/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, expectAccessible, signUpVendor, startBrowserSuite } from "./browser";

/**
 * A new vendor finds their way in the console: a checklist of first steps ticked as they are
 * done, the store's public address, each tab titled by its page, a license's timeline written in
 * words with who did what; and on a 390×844 phone, a menu button instead of a sidebar filling the
 * screen, and Orders showing amount and status without the page scrolling sideways.
 */

let suite: BrowserSuite;
let server: TestServer;
let page: Page;

beforeAll(async () => {
  suite = await startBrowserSuite("console-phone", {
    context: { viewport: { width: 1280, height: 800 } },
    refuseDialogs: true,
  });
  ({ server, page } = suite);
}, 120_000);

afterAll(async () => {
  await suite?.close();
});

const shot = (name: string) => suite.shot(name);
const control = (form: string, name: string) => page.locator(`form[aria-label="${form}"] [name="${name}"]`);
const step = (key: string) => page.locator(`[data-testid="onboarding"] li[data-step="${key}"]`);

/**
 * Destructive actions may ask first, in the page: confirm there when asked (the first button of
 * the question), then wait for `outcome`.
 */
async function confirmIfAsked(outcome: ReturnType<Page["locator"]>) {
  const question = page.getByRole("group", { name: "Confirm" });
  await question.or(outcome).first().waitFor();
  if (await question.isVisible()) await question.getByRole("button").first().click();
  await outcome.waitFor();
}

/** Opens a console page from the sidebar and waits for its heading. */
async function open(link: string, heading: string | RegExp = link) {
  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: link, exact: true })
    .click();
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
}

describe("the console for a first-time vendor, on a desk and on a phone", { timeout: 120_000 }, () => {
  const storeAddress = `charts-${Date.now()}`;
  const email = `owner-${Date.now()}@charts.test`;

  it("shows a new store its first steps, its public address and a titled tab", async () => {
    await signUpVendor(page, server.url, {
      storeName: "Chart Tools",
      email,
      password: "a-long-and-unguessable-passphrase",
      storeAddress,
    });
    await expect.poll(() => page.title()).toBe("Dashboard — Keyway console");
    const storeUrl = page.getByTestId("store-url");
    expect(await storeUrl.getAttribute("href")).toBe(`${server.url}/${storeAddress}`);
    await page.getByTestId("onboarding").waitFor();
    for (const key of ["product", "price", "gateway", "credential", "webhook"])
      expect(await step(key).getAttribute("data-done")).toBe("false");
    await expect.poll(() => page.getByRole("heading", { name: /0 of 5 done/ }).count()).toBe(1);
    await expectAccessible(page, "the dashboard's first steps");
    await shot("01-dashboard-first-steps");
  });

  it("ticks the product and price steps once a priced add-on is in the catalog", async () => {
    await open("Catalog");
    await expect.poll(() => page.title()).toBe("Catalog — Keyway console");
    // "Show archived" is a checkbox of its own size, not a large empty box.
    const archived = await page.getByLabel("Show archived").boundingBox();
    expect(archived?.height).toBeLessThanOrEqual(24);
    await control("New product", "kind").selectOption("addon");
    await control("New product", "name").fill("Chart Pack");
    await control("New product", "price").fill("499");
    await control("New product", "bindingKind").selectOption("serial");
    await page.getByRole("button", { name: "Create product" }).click();
    await page.getByRole("cell", { name: "Chart Pack", exact: true }).waitFor();
    await open("Dashboard");
    await expect.poll(() => step("product").getAttribute("data-done")).toBe("true");
    expect(await step("price").getAttribute("data-done")).toBe("true");
    expect(await step("gateway").getAttribute("data-done")).toBe("false");
    await page.getByRole("heading", { name: /2 of 5 done/ }).waitFor();
    await shot("02-dashboard-two-steps-done");
  });

  it("keeps test-mode money out of revenue and lists the paid order, titled", async () => {
    const store = await fetch(
      `${server.url}/trpc/storefront.get?input=${encodeURIComponent(JSON.stringify({ vendorSlug: storeAddress }))}`,
    );
    const { products } = (
      (await store.json()) as { result: { data: { products: { name: string; number: number }[] } } }
    ).result.data;
    const productNumber = products.find((p) => p.name === "Chart Pack")?.number;
    const res = await fetch(`${server.url}/trpc/checkout.createOrder`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        vendorSlug: storeAddress,
        item: { kind: "addon", productNumber, serialNo: "B-55501234" },
        customer: { email: "buyer@charts.test" },
      }),
    });
    expect(res.status).toBe(200);
    const { paymentUrl } = ((await res.json()) as { result: { data: { paymentUrl: string } } }).result.data;
    await page.goto(paymentUrl);
    await page.getByRole("button", { name: /^Pay/ }).click();
    await page.getByRole("heading", { name: /payment received/ }).waitFor({ timeout: 20_000 });

    // Paid through the sandbox: shown apart on the dashboard, never as live revenue.
    await page.goto(`${server.url}/console`);
    await page.getByTestId("test-revenue").filter({ hasText: "499" }).waitFor();
    expect(await page.getByTestId("revenue").textContent()).toBe("₹0.00");

    await page.goto(`${server.url}/console/orders`);
    await page.getByRole("heading", { level: 1, name: "Orders" }).waitFor();
    await expect.poll(() => page.title()).toBe("Orders — Keyway console");
    await page.getByRole("row").filter({ hasText: "buyer@charts.test" }).waitFor();
    await expectAccessible(page, "the orders page");
    await shot("03-orders-desk");
  });

  it("writes the license's timeline in words, with who did each thing", async () => {
    await page
      .getByRole("row")
      .filter({ hasText: "buyer@charts.test" })
      .getByRole("link", { name: "open" })
      .click();
    await page.getByRole("heading", { name: "Timeline" }).waitFor();
    await expect.poll(() => page.title()).toMatch(/ — Keyway console$/);
    const key = ((await page.getByRole("heading", { level: 1 }).textContent()) ?? "").trim();
    const timeline = page.locator(".kc-timeline");
    // The vendor frees the seat the purchase bound; the customer's software then binds another.
    await page.getByRole("button", { name: "Release seat" }).click();
    await confirmIfAsked(timeline.getByText(`released — by ${email} (owner)`));
    const activated = await fetch(`${server.url}/trpc/license.activate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key, serial: "B-77700001" }),
    });
    expect(activated.status).toBe(200);
    await page.reload();
    await timeline.getByText("Bound to B-77700001 — by the customer's software").waitFor();
    await page.getByTestId("license-actions").getByRole("button", { name: "Suspend" }).click();
    await confirmIfAsked(timeline.getByText(`Suspended — by ${email} (owner)`));
    const text = (await timeline.textContent()) ?? "";
    expect(text).toMatch(/Created \(test mode\) — by the customer, at checkout/);
    // No raw event names or actor ids left for a person to decode.
    expect(text).not.toMatch(/license\.|payment\.|user:|api:|gateway:/);
    await expectAccessible(page, "the license timeline");
    await shot("04-license-timeline");
  });

  it("titles the licenses and settings pages, without accessibility violations", async () => {
    await open("Licenses");
    await expect.poll(() => page.title()).toBe("Licenses — Keyway console");
    await expectAccessible(page, "the licenses page");
    await open("Settings");
    await expect.poll(() => page.title()).toBe("Settings — Keyway console");
    await expectAccessible(page, "the settings page");
    await shot("05-settings");
  });

  it("works on a 390×844 phone: a menu button, and Orders with amount and status in view", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/console/orders`);
    const heading = page.getByRole("heading", { level: 1, name: "Orders" });
    await heading.waitFor();
    // The menu is folded: the page's own heading is on the first screen, not under the sidebar.
    const menu = page.getByRole("button", { name: "Menu" });
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    expect(await page.getByRole("link", { name: "Customers" }).isVisible()).toBe(false);
    expect((await heading.boundingBox())?.y).toBeLessThan(300);

    const row = page.getByRole("row").filter({ hasText: "buyer@charts.test" });
    await row.waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The amount's own cell (an order reference may hold the digits 499 too).
    const amount = row.getByRole("cell", { name: /Amount.*499/ });
    for (const cell of [amount, row.locator(".kc-badge-paid")]) {
      expect(await cell.isVisible()).toBe(true);
      const box = await cell.boundingBox();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
    }
    await shot("06-orders-phone");

    await menu.click();
    const close = page.getByRole("button", { name: "Close menu" });
    expect(await close.getAttribute("aria-expanded")).toBe("true");
    await page.getByRole("link", { name: "Dashboard" }).waitFor({ state: "visible" });
    await shot("07-menu-open-phone");
    await page.getByRole("link", { name: "Dashboard" }).click();
    await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
    expect(await page.getByRole("button", { name: "Menu" }).getAttribute("aria-expanded")).toBe("false");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot("08-dashboard-phone");
  });
});
