import type { TestServer } from "@keyway/api/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, expectAccessible, signUpVendor, startBrowserSuite } from "./browser";

/**
 * A vendor makes a product's seats floating with a heartbeat window in the console (a missing
 * window is refused in words), then sees on a license's page a live seat with its last heartbeat
 * and a dead one that missed its window. The seats are taken and kept alive through the native
 * REST routes, as the vendor's software does; the dead machine's last sign of life is set in the
 * past in the database (no sleeping).
 */

let suite: BrowserSuite;
let server: TestServer;
let page: Page;

beforeAll(async () => {
  suite = await startBrowserSuite("floating-seats", {
    context: { viewport: { width: 1280, height: 860 } },
    refuseDialogs: true,
  });
  ({ server, page } = suite);
}, 120_000);

afterAll(async () => {
  await suite?.close();
});

const control = (form: string, name: string) => page.locator(`form[aria-label="${form}"] [name="${name}"]`);

async function licenseCall(path: string, body: unknown) {
  const res = await fetch(`${server.url}/api/v1/licenses/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { data?: { code?: string } } };
}

describe("floating seats in the console", { timeout: 120_000 }, () => {
  let key = "";

  it("sets a product to floating with a heartbeat window", async () => {
    await signUpVendor(page, server.url, {
      storeName: "Fleet Tools",
      email: `owner-${Date.now()}@fleet.test`,
      password: "a-long-and-unguessable-passphrase",
      storeAddress: `fleet-${Date.now()}`,
    });
    await page.getByRole("link", { name: "Catalog" }).click();
    await page.getByRole("heading", { name: "Catalog" }).waitFor();
    await control("New product", "kind").selectOption("software");
    await control("New product", "name").fill("Fleet CAD");
    await control("New product", "bindingKind").selectOption("fingerprint");
    await control("New product", "maxSeats").fill("2");
    await page.getByRole("button", { name: "Create product" }).click();
    const row = page.getByRole("row").filter({ hasText: "Fleet CAD" });
    await row.getByRole("button", { name: "Edit" }).click();

    await control("Edit Fleet CAD", "seatMode").selectOption("floating");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("alert").filter({ hasText: "Floating seats need a heartbeat window" }).waitFor();
    await control("Edit Fleet CAD", "heartbeatSeconds").fill("60");
    await control("Edit Fleet CAD", "devDomainPatterns").fill("*.lab.fleet.test");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.getByRole("alert").count()).toBe(0);
    await suite.shot("01-product-floating");
  });

  it("shows a live seat with its last heartbeat and a dead one on the license page", async () => {
    await page.goto(`${server.url}/console/licenses`);
    await page.getByRole("button", { name: "New license by hand" }).click();
    await control("New license", "productId").selectOption({ label: "Fleet CAD (fingerprint)" });
    await control("New license", "customerEmail").fill("drafter@fleet.test");
    await page.getByRole("button", { name: "Create license" }).click();
    await page.getByRole("heading", { name: "Seats · floating, heartbeat every 60 s" }).waitFor();
    key = ((await page.getByRole("heading", { level: 1 }).textContent()) ?? "").trim();
    expect(key.length).toBeGreaterThan(8);

    expect((await licenseCall("activate", { key, fingerprint: "old-laptop" })).status).toBe(200);
    expect((await licenseCall("activate", { key, fingerprint: "desk-1" })).status).toBe(200);
    expect((await licenseCall("heartbeat", { key, fingerprint: "desk-1" })).status).toBe(200);
    // The old laptop was last seen an hour ago: past its 60-second window.
    await server.testDb.db.execute(
      `update activations set activated_at = now() - interval '1 hour' where value = 'old-laptop'`,
    );
    expect((await licenseCall("heartbeat", { key, fingerprint: "old-laptop" })).body.data?.code).toBe(
      "seat_dead",
    );

    await page.reload();
    const seats = page.getByTestId("license-seats");
    const live = seats.getByTestId("seat-live");
    const dead = seats.getByTestId("seat-dead");
    await live.filter({ hasText: "desk-1" }).waitFor();
    await dead.filter({ hasText: "old-laptop" }).waitFor();
    expect(await live.filter({ hasText: "desk-1" }).textContent()).not.toContain("none yet");
    expect(await dead.filter({ hasText: "old-laptop" }).textContent()).toContain("none yet");
    await page.getByText(/Seat old-laptop died/).waitFor();
    await suite.shot("02-live-and-dead-seats");
    await expectAccessible(page, "the license page with floating seats");
  });
});
