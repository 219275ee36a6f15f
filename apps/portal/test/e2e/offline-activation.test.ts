import { randomBytes } from "node:crypto";
import { demoHeaders, type TestServer } from "@keyway/api/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, expectAccessible, signInCustomer, startBrowserSuite } from "./browser";

/**
 * Air-gapped activation in the portal (issue 20 §3): a customer pastes the activation request a
 * machine shows and gets a certificate to copy or download, without signing in; a full license
 * and a damaged code are refused in words; the release code frees the seat once. Signed in, the
 * page is one link away from My licenses. Screenshots: test-results/offline-activation.
 */

let suite: BrowserSuite;
let server: TestServer;
let page: Page;

beforeAll(async () => {
  suite = await startBrowserSuite("offline-activation", {
    context: { viewport: { width: 1280, height: 900 }, acceptDownloads: true },
    refuseDialogs: true,
  });
  ({ server, page } = suite);
}, 120_000);

afterAll(async () => {
  await suite?.close();
});

const email = "buyer@example.com";

async function vendorCall<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...demoHeaders.bearer },
    body: JSON.stringify(body),
  });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

/** What the vendor's software shows: `kwar1.<base64url(JSON)>` (docs/signatures.md §4). */
function activationRequest(key: string, fingerprint: string): string {
  const json = { v: 1, key, fingerprint, nonce: randomBytes(16).toString("base64url") };
  return `kwar1.${Buffer.from(JSON.stringify(json)).toString("base64url")}`;
}

function releaseCode(certificate: string): string {
  return `kwrl1.${Buffer.from(JSON.stringify({ v: 1, certificate })).toString("base64url")}`;
}

async function paste(label: string, text: string, button: string) {
  await page.getByLabel(label, { exact: true }).fill(text);
  await page.getByRole("button", { name: button }).click();
}

describe("activating a machine offline in the portal", { timeout: 120_000 }, () => {
  let key = "";
  let certificate = "";

  it("sets up a one-seat, machine-bound license of the demo buyer", async () => {
    const product = await vendorCall<{ id: string }>("/products", {
      kind: "software",
      name: "Airgap CAD",
      bindingKind: "fingerprint",
      maxSeats: 1,
    });
    const license = await vendorCall<{ key: string }>("/licenses", {
      productId: product.id,
      customerEmail: email,
      maxSeats: 1,
    });
    key = license.key;
  });

  it("answers a certificate for an activation request, without signing in", async () => {
    await page.goto(`${server.url}/offline`);
    await page.getByRole("heading", { name: "Activate a machine offline" }).waitFor();
    await paste("Activation request", "hello there", "Get certificate");
    await page.getByText(/not an activation request: it should start with kwar1/).waitFor();

    await paste("Activation request", activationRequest(key, "lab-pc-0001"), "Get certificate");
    const result = page.getByTestId("offline-certificate");
    await result.waitFor();
    expect(await result.textContent()).toContain("Airgap CAD");
    expect(await page.getByTestId("offline-seats").textContent()).toBe("1 of 1");
    certificate = await page.getByLabel("Certificate", { exact: true }).inputValue();
    expect(certificate).toMatch(/^kwc1\.[\w-]+\.[\w-]+$/);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download (.txt)" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("certificate-airgap-cad.txt");
    await expect.poll(() => page.getByRole("button", { name: "Copy certificate" }).count()).toBe(1);
    await suite.shot("certificate");
    await expectAccessible(page, "/offline with a certificate");
  });

  it("refuses a second machine in words while the only seat is taken", async () => {
    await paste("Activation request", activationRequest(key, "lab-pc-0002"), "Get certificate");
    await page.getByText(/Every seat of this license is in use/).waitFor();
  });

  it("frees the seat with the release code once, and says why the second time frees nothing", async () => {
    await paste("Release code", releaseCode(certificate), "Free the seat");
    const result = page.getByTestId("offline-release-result");
    await result.getByText("Seat freed").waitFor();
    expect(await result.textContent()).toContain("0 of 1 seats used");
    await page.getByRole("button", { name: "Free the seat" }).click();
    await result.getByText("No seat was freed").waitFor();
    expect(await result.textContent()).toMatch(/used already/);
    await suite.shot("released");
  });

  it("is linked from My licenses and works signed in", async () => {
    await signInCustomer(page, server.url, email);
    await page.getByRole("heading", { name: "My licenses" }).waitFor();
    await page.getByRole("link", { name: "Activate a machine offline" }).click();
    await page.getByRole("heading", { name: "Activate a machine offline" }).waitFor();
    await paste("Activation request", activationRequest(key, "lab-pc-0003"), "Get certificate");
    await page.getByTestId("offline-certificate").waitFor();
    expect(await page.getByTestId("offline-seats").textContent()).toBe("1 of 1");
    expect(suite.csp.violations).toEqual([]);
  });
});
