import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { startTestServer, type TestServer } from "@keyway/api/testing";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CspWatch, launchChromium, portalRoot, watchContentSecurityPolicy } from "./browser";

/**
 * The API reference at /docs as a developer reads it in Chromium, against a real server: the
 * navigation, the getting-started text, an operation with its request and response examples;
 * everything loaded from the server itself, and nothing blocked by the page's policy.
 * Screenshots: test-results/api-docs. (No portal build: /docs is the server's own page.)
 */

let server: TestServer;
let browser: Browser;
let page: Page;
let csp: CspWatch;
/** Every URL the page asked for: the reference must work on a machine without internet. */
const requested: string[] = [];
const shots = join(portalRoot, "test-results", "api-docs");

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startTestServer({ RATE_LIMIT: "off" });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
  csp = await watchContentSecurityPolicy(context, server.url);
  context.on("request", (request) => requested.push(request.url()));
  page = await context.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`) });

/** Scalar scrolls to an operation after rendering it: wait until its heading is in view. */
async function inView(heading: Locator) {
  await heading.waitFor();
  await heading.scrollIntoViewIfNeeded();
  await expect.poll(async () => (await heading.boundingBox())?.y ?? -1).toBeGreaterThanOrEqual(0);
}

const sidebar = () => page.getByRole("navigation", { name: "Sidebar for Keyway API" });

describe("the API reference", { timeout: 120_000 }, () => {
  it("opens on the introduction, with getting started and every group of routes in the navigation", async () => {
    await page.goto(`${server.url}/docs`);
    const introduction = page.getByRole("region", { name: "Introduction" });
    await expect.poll(() => introduction.getByRole("heading", { level: 1 }).textContent()).toBe("Keyway API");
    await expect.poll(() => introduction.textContent()).toContain("Getting started");
    const text = (await introduction.textContent()) ?? "";
    expect(text).toContain("Authorization: Bearer <secret>");
    expect(text).toContain("x-api-secret");
    expect(text).toContain("/api/v1/licenses/validate");

    // The introduction's headings are entries of the navigation too.
    for (const entry of ["Getting started", "Authentication"])
      await expect.poll(() => sidebar().getByRole("button", { name: entry, exact: true }).count()).toBe(1);
    for (const group of ["licenses", "catalog", "orders", "webhooks", "dialects"])
      await expect
        .poll(() =>
          sidebar()
            .getByRole("button", { name: `Open Group ${group}` })
            .count(),
        )
        .toBe(1);
    await shot("01-introduction");
  });

  it("leads from the navigation to an operation, with a request example and a response example", async () => {
    await sidebar().getByRole("button", { name: "Open Group licenses" }).click();
    await sidebar()
      .getByRole("button", { name: /^Validate a license key/ })
      .click();
    await page.waitForURL(/#tag\/licenses\/POST\/licenses\/validate$/);

    const operation = page.getByRole("region", { name: "Validate a license key" });
    await inView(operation.getByRole("heading", { name: "Validate a license key" }));
    const request = operation.getByRole("group", { name: "Request Example for post/licenses/validate" });
    const curl = (await request.getByRole("code").textContent()) ?? "";
    expect(curl).toContain("/api/v1/licenses/validate");
    // The body a client can send as it is: a key and one place of use.
    expect(curl).toContain('"key": "ABCDEF1234567890"');
    expect(curl).toContain('"domain": "example.com"');
    expect(curl).not.toContain('"serial"');

    const answer = operation.getByRole("region", { name: /^Status: 200/ });
    await expect
      .poll(() => answer.getByRole("tab", { name: "Status: 200" }).getAttribute("aria-selected"))
      .toBe("true");
    const example = (await answer.getByRole("code").textContent()) ?? "";
    expect(example).toContain('"valid": true');
    expect(example).toContain('"status": "active"');
    expect(example).toContain('"key": "ABCDEF1234567890"');
    await shot("02-validate-a-license");
  });

  it("shows a vendor route with its credential in the request example", async () => {
    await sidebar()
      .getByRole("button", { name: /^List licenses/ })
      .click();
    const operation = page.getByRole("region", { name: "List licenses" });
    await inView(operation.getByRole("heading", { name: "List licenses" }));
    const curl =
      (await operation
        .getByRole("group", { name: /^Request Example/ })
        .getByRole("code")
        .textContent()) ?? "";
    expect(curl).toContain("Authorization: Bearer");
    const answer =
      (await operation
        .getByRole("region", { name: /^Status: 200/ })
        .getByRole("code")
        .textContent()) ?? "";
    expect(answer).toContain('"id": "lic_');
    await shot("03-list-licenses");
  });

  it("loads everything from the server, and its policy blocks nothing the page needs", async () => {
    expect(requested.filter((url) => !url.startsWith(server.url))).toEqual([]);
    const documents = csp.documents.filter((d) => new URL(d.url).pathname === "/docs/");
    expect(documents.length).toBeGreaterThan(0);
    for (const { policy } of documents) {
      expect(policy).not.toContain("unsafe-eval");
      expect(policy).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+';/);
    }
    // The bundle's zod asks once whether it may compile (`new Function("")`, caught) and runs
    // without: that probe is the one report allowed, and only from the bundle itself.
    const probe = `${server.url}/docs/: script-src blocked eval at ${server.url}/docs/js/scalar.js:`;
    expect(csp.violations.filter((v) => !v.startsWith(probe))).toEqual([]);
  });
});
