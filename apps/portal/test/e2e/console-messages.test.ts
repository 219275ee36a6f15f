import type { TestServer } from "@keyway/api/testing";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, consoleCall, expectAccessible, signUpVendor, startBrowserSuite } from "./browser";
import { buyAndPay, stockPlan, storefrontPlan } from "./console-store";

/**
 * Issue 22: the owner sets how messages look (support address, logo), turns a reminder off,
 * edits a message's words with a live preview (an unknown placeholder is refused in words),
 * resends a purchase message from the order page, and reads the message log on the customer's
 * and the license's pages. Screenshots: test-results/console-messages.
 */

let suite: BrowserSuite;
let server: TestServer;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  suite = await startBrowserSuite("console-messages", {
    context: { viewport: { width: 1280, height: 900 } },
    refuseDialogs: true,
  });
  ({ server, context, page } = suite);
  page.setDefaultTimeout(20_000);
}, 120_000);

afterAll(async () => {
  await suite?.close();
});

const storeAddress = `lumen-${Date.now()}`;
const buyer = { email: `buyer-${Date.now()}@lumen.test` };
const nav = (name: string) =>
  page.getByRole("navigation", { name: "Console" }).getByRole("link", { name, exact: true }).click();
const row = (kind: string) => page.locator(`[data-testid="message-templates"] tr[data-kind="${kind}"]`);
type Template = { kind: string; enabled: boolean; override: { subject: string | null } | null };

describe("customer messages in the console", { timeout: 120_000 }, () => {
  it("saves the store's support address and logo for its messages", async () => {
    await signUpVendor(page, server.url, {
      storeName: "Lumen Tools",
      email: `owner-${Date.now()}@lumen.test`,
      password: "a-long-and-unguessable-passphrase",
      storeAddress,
    });
    await nav("Settings");
    const form = page.locator('form[aria-label="Messages to customers"]');
    await form.locator('[name="supportEmail"]').fill("help@lumen.test");
    await form.locator('[name="brandLogoUrl"]').fill("https://cdn.lumen.test/logo.png");
    await form.getByRole("button", { name: "Save message settings" }).click();
    await form.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    const settings = await consoleCall<{ supportEmail: string; brandLogoUrl: string }>(
      context,
      server.url,
      "vendorSettings.get",
      undefined,
      "query",
    );
    expect(settings).toMatchObject({
      supportEmail: "help@lumen.test",
      brandLogoUrl: "https://cdn.lumen.test/logo.png",
    });
  });

  it("turns a reminder off and edits a message with a live preview, refusing an unknown placeholder", async () => {
    await nav("Messages");
    await page.getByRole("heading", { level: 1, name: "Messages" }).waitFor();
    await row("license.grace_ended").getByRole("checkbox").uncheck();
    await row("license.grace_ended").getByText("Off").waitFor();

    await row("license.expiring_soon").getByRole("button", { name: /Edit/ }).click();
    const editor = page.locator('form[aria-label="Words of Reminder: license expiring soon"]');
    const subject = editor.locator('[name="subject"]');
    await expect.poll(() => page.getByTestId("preview-subject").textContent()).toContain("Lumen Tools");
    expect(await page.getByTestId("preview-sms").textContent()).toMatch(/Reply STOP to opt out$/);
    await expectAccessible(page, "the messages page with the editor open");
    await suite.shot("01-editor");

    await subject.fill("Renew {{product_nam}} soon");
    await editor.getByRole("button", { name: "Save words" }).click();
    const refusal = editor.getByRole("alert");
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/subject uses the placeholder \{\{product_nam\}\}/);
    await suite.shot("02-refused");

    await subject.fill("Renew ");
    await subject.press("End");
    await page.getByTestId("placeholder-chips").getByRole("button", { name: "{{product_name}}" }).click();
    expect(await subject.inputValue()).toBe("Renew {{product_name}}");
    await expect.poll(() => page.getByTestId("preview-subject").textContent()).toBe("Renew Sample App");
    await editor.getByRole("button", { name: "Save words" }).click();
    await editor.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    await row("license.expiring_soon").getByText("Your own").waitFor();
    await suite.shot("03-saved");

    // The email as HTML: the store's accent colour on the button, its name in the footer.
    await page.getByRole("button", { name: "Show the email as HTML" }).click();
    const email = page.frameLocator('iframe[title="Email preview"]');
    const renew = email.getByRole("link", { name: "Renew" });
    await renew.waitFor();
    // The preview re-renders as it follows the words: read the colour once the frame holds still.
    await expect
      .poll(() =>
        renew.evaluate((a) => getComputedStyle(a.parentElement as Element).backgroundColor).catch(() => null),
      )
      .toBe("rgb(47, 111, 235)");
    expect(await email.locator("body").textContent()).toContain("help@lumen.test");
    await suite.shot("03b-html");
    await page.getByRole("button", { name: "Hide the email as HTML" }).click();

    const templates = await consoleCall<Template[]>(
      context,
      server.url,
      "message.templates",
      undefined,
      "query",
    );
    expect(templates.find((t) => t.kind === "license.grace_ended")?.enabled).toBe(false);
    expect(templates.find((t) => t.kind === "license.expiring_soon")?.override?.subject).toBe(
      "Renew {{product_name}}",
    );
  });

  it("resends a purchase message from the order page and shows it on the customer's and the license's pages", async () => {
    await stockPlan(page, { product: "Lumen Desk", plan: "Lumen Plan" }, { monthly: "499", yearly: "4990" });
    const plan = await storefrontPlan(server.url, storeAddress, "Lumen Plan");
    const order = await buyAndPay(
      server.url,
      storeAddress,
      { kind: "subscription", planNumber: plan.number, billingCycle: "monthly" },
      buyer,
    );
    await page.goto(`${server.url}/console/orders/${order.orderId}`);
    await page.getByRole("button", { name: "Resend purchase message" }).click();
    await page.getByRole("status").filter({ hasText: "Queued" }).waitFor();
    await expectAccessible(page, "the order page after a resend");
    await suite.shot("04-resent");

    await page.getByRole("link", { name: "Open in Customers" }).click();
    await page.getByRole("link", { name: buyer.email }).click();
    const customerLog = page.getByTestId("message-log");
    await customerLog.waitFor();
    expect(await customerLog.textContent()).toContain("Lumen Desk");
    expect(await customerLog.textContent()).toContain("***@lumen.test");
    expect(await customerLog.textContent()).not.toContain(buyer.email);
    await expectAccessible(page, "the customer page");
    await suite.shot("05-customer-log");

    await page.getByTestId("customer-licenses").getByRole("link").first().click();
    const licenseLog = page.getByTestId("message-log");
    await licenseLog.waitFor();
    expect(await licenseLog.textContent()).toContain("payment.succeeded");
    await suite.shot("06-license-log");
  });
});
