import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestServer } from "@keyway/api/testing";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, consoleCall, expectAccessible, signUpVendor, startBrowserSuite } from "./browser";

/**
 * A vendor moves in from another system: picks a CSV in the console, sees which rows are wrong
 * and why before anything is written, imports the good ones, and finds an imported license; the
 * export is offered in the same shape.
 */

let suite: BrowserSuite;
let server: TestServer;
let page: Page;
let context: BrowserContext;

beforeAll(async () => {
  suite = await startBrowserSuite("license-import", {
    context: { viewport: { width: 1280, height: 800 } },
    refuseDialogs: true,
  });
  ({ server, page, context } = suite);
}, 120_000);

afterAll(() => suite?.close());

describe("importing licenses in the console", { timeout: 120_000 }, () => {
  it("checks a CSV, lists the bad rows in words, then imports the good ones", async () => {
    await signUpVendor(page, server.url, {
      storeName: "Moving Day",
      email: `owner-${Date.now()}@moving.test`,
      password: "a-long-and-unguessable-passphrase",
    });
    await consoleCall(context, server.url, "catalog.createProduct", {
      kind: "software",
      name: "Old Tool",
      slug: "old-tool",
    });
    const file = join(tmpdir(), `licenses-${Date.now()}.csv`);
    writeFileSync(
      file,
      [
        "key,product,status,expiresAt,maxSeats,activations,customerEmail",
        "oldtool-0001-aaaa,old-tool,active,2030-01-01T00:00:00Z,2,one.example.com;two.example.com,ann@example.com",
        "oldtool-0002-bbbb,old-tool,suspended,,,,bob@example.com",
        "oldtool-0003-cccc,no-such-tool,active,,,,",
        "oldtool-0001-aaaa,old-tool,active,,,,",
      ].join("\n"),
    );

    await page.getByRole("link", { name: "Licenses" }).click();
    await page.getByRole("button", { name: "Import or export licenses" }).click();
    await page.getByLabel("File from your old system").setInputFiles(file);
    await page.getByRole("button", { name: "Check the file" }).click();
    const check = page.getByRole("status", { name: "Check result" });
    await expect.poll(() => check.textContent()).toContain("2 licenses ready to import");
    expect(await check.textContent()).toContain("2 rows with problems. Nothing was written yet.");
    const problems = page.getByRole("table", { name: "Rows with problems" });
    expect(await problems.getByRole("row").filter({ hasText: "no-such-tool" }).textContent()).toContain("4");
    expect(await problems.textContent()).toContain("This key is already on line 2 of the file.");
    await expectAccessible(page, "the console's import check");
    await suite.shot("01-import-checked");

    await page.getByRole("button", { name: "Import 2 licenses" }).click();
    const done = page.getByRole("status", { name: "Import result" });
    await expect.poll(() => done.textContent()).toContain("Imported 2 licenses");
    await suite.shot("02-imported");

    await page.getByLabel("Search licenses").fill("OLDTOOL-0001-AAAA");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: "OLDTOOL-0001-AAAA" }).waitFor();
    const validate = await fetch(`${server.url}/api/v1/licenses/validate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key: "oldtool-0001-aaaa", domain: "one.example.com" }),
    });
    expect(validate.status).toBe(200);
  });

  it("the export link downloads every license in the same shape", async () => {
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "CSV" }).click();
    const file = await (await download).path();
    const text = readFileSync(file, "utf8");
    expect(text.split("\n")[0]).toMatch(/^key,product,plan,status,/);
    expect(text).toContain("OLDTOOL-0002-BBBB,old-tool,,suspended");
  });
});
