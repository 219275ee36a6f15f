import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { startTestServer, type TestServer } from "@keyway/api/testing";
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from "playwright-core";
import { build } from "vite";
import { expect, inject } from "vitest";
import { CHROMIUM_ARGS } from "../chromium";

/**
 * What the browser suites share: the portal build, the browser, a CSP watch, the suite's setup
 * around them, and the sign-up and sign-in steps a vendor and a customer take.
 */

export const portalRoot = fileURLToPath(new URL("../..", import.meta.url));

/** Builds the portal into a temporary directory (the server's PORTAL_DIR). */
export async function buildPortal(): Promise<{ dir: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), "keyway-portal-"));
  await build({ root: portalRoot, logLevel: "silent", build: { outDir: dir, emptyOutDir: true } });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The Chromium the global setup found or installed (test/global-setup.ts). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: inject("chromiumPath"), args: CHROMIUM_ARGS });
}

export interface CspWatch {
  /** Every `securitypolicyviolation` event and every console error naming the CSP. */
  violations: string[];
  /** Each page the server answered: its URL and its Content-Security-Policy header. */
  documents: { url: string; policy: string }[];
}

/** Records, on every page of the context, what the Content-Security-Policy blocked. */
export async function watchContentSecurityPolicy(context: BrowserContext, origin: string): Promise<CspWatch> {
  const watch: CspWatch = { violations: [], documents: [] };
  await context.exposeBinding("reportCspViolation", ({ page }, text: string) => {
    watch.violations.push(`${page.url()}: ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const { reportCspViolation } = window as unknown as { reportCspViolation: (text: string) => void };
      reportCspViolation(
        `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  context.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text()))
      watch.violations.push(`${message.location().url}: ${message.text()}`);
  });
  context.on("response", (response) => {
    if (response.request().resourceType() !== "document" || !response.url().startsWith(origin)) return;
    if (response.status() >= 300 && response.status() < 400) return;
    watch.documents.push({
      url: response.url(),
      policy: response.headers()["content-security-policy"] ?? "",
    });
  });
  return watch;
}

export interface BrowserSuite {
  server: TestServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  csp: CspWatch;
  /** A full-page screenshot of `target` (the suite's page unless given) into test-results/<suite>. */
  shot(name: string, target?: Page): Promise<void>;
  close(): Promise<void>;
}

export interface BrowserSuiteOptions {
  /** The server's environment besides PORTAL_DIR and RATE_LIMIT=off. */
  env?: Record<string, string>;
  context?: BrowserContextOptions;
  /** Fail on any browser dialog: the console asks in the page, never with the browser's dialogs. */
  refuseDialogs?: boolean;
}

/** A real server serving a fresh portal build, and one page in Chromium under a CSP watch. */
export async function startBrowserSuite(
  name: string,
  options: BrowserSuiteOptions = {},
): Promise<BrowserSuite> {
  const shots = join(portalRoot, "test-results", name);
  mkdirSync(shots, { recursive: true });
  const portal = await buildPortal();
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.close();
    portal.remove();
  };
  try {
    server = await startTestServer({ PORTAL_DIR: portal.dir, RATE_LIMIT: "off", ...options.env });
    browser = await launchChromium();
    const context = await browser.newContext(options.context);
    const csp = await watchContentSecurityPolicy(context, server.url);
    const page = await context.newPage();
    if (options.refuseDialogs)
      page.on("dialog", (dialog) => {
        void dialog.dismiss();
        throw new Error(`Unexpected browser dialog: ${dialog.message()}`);
      });
    return {
      server,
      browser,
      context,
      page,
      csp,
      shot: async (shotName, target = page) => {
        await target.screenshot({ path: join(shots, `${shotName}.png`), fullPage: true });
      },
      close,
    };
  } catch (error) {
    // A half-started suite would otherwise leave its server, browser and build behind.
    await close();
    throw error;
  }
}

export interface VendorSignUp {
  storeName: string;
  email: string;
  password: string;
  /** The store's address (slug); left for the console to derive from the name when absent. */
  storeAddress?: string;
}

/** Opens the console's sign-up form and fills it in (INR, Asia/Kolkata), without sending it. */
export async function fillVendorSignUp(page: Page, origin: string, vendor: VendorSignUp) {
  await page.goto(`${origin}/console`);
  await page.getByRole("button", { name: "New here? Create a vendor account" }).click();
  await page.getByLabel("Store name").fill(vendor.storeName);
  await page.getByLabel("Email").fill(vendor.email);
  await page.getByLabel("Password").fill(vendor.password);
  await page.getByLabel("Currency").fill("INR");
  await page.getByLabel("Time zone").fill("Asia/Kolkata");
}

/** Signs a new vendor up in the console and waits for its dashboard. */
export async function signUpVendor(page: Page, origin: string, vendor: VendorSignUp) {
  await fillVendorSignUp(page, origin, vendor);
  if (vendor.storeAddress !== undefined) await page.getByLabel("Store address").fill(vendor.storeAddress);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
}

/** Asks the portal's sign-in page for a code for `identity` (an email or a mobile number). */
export async function requestSignInCode(page: Page, origin: string, identity: string, storeName?: string) {
  await page.goto(`${origin}/sign-in`);
  if (storeName !== undefined) await page.getByLabel("Store").selectOption({ label: storeName });
  await page.getByLabel("Email or mobile number").fill(identity);
  await page.getByRole("button", { name: "Send me a code" }).click();
  await page.getByText(/We sent a 6-digit code/).waitFor();
}

/** The 6-digit code the development mailbox holds for `to`. */
export async function codeFromDevMailbox(origin: string, to: string): Promise<string> {
  const res = await fetch(`${origin}/dev/mailbox?format=json`);
  const { messages } = (await res.json()) as { messages: Array<{ to: string; text: string }> };
  const code = messages.find((m) => m.to === to)?.text.match(/\b(\d{6})\b/)?.[1];
  expect(code).toMatch(/^\d{6}$/);
  return code ?? "";
}

/** Types the code into the sign-in page and waits for the customer's licenses. */
export async function enterSignInCode(page: Page, code: string) {
  await page.getByLabel("Code").fill(code);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(/\/account\/licenses/);
}

/** Signs a customer in with the code from the dev mailbox, as they would with the one they received. */
export async function signInCustomer(page: Page, origin: string, identity: string, storeName?: string) {
  await requestSignInCode(page, origin, identity, storeName);
  await enterSignInCode(page, await codeFromDevMailbox(origin, identity));
}

/**
 * The page as it is now has no serious or critical accessibility violation (axe-core); fails
 * naming `label` and listing each one by rule, what it asks, and the elements.
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious, `serious or critical accessibility violations on ${label}`).toEqual([]);
}

/**
 * A console tRPC call with the browser's session (cookie + CSRF token), as the console's client
 * makes it: a mutation by default, or a query.
 */
export async function consoleCall<T>(
  context: BrowserContext,
  origin: string,
  path: string,
  input: unknown,
  kind: "query" | "mutation" = "mutation",
): Promise<T> {
  const cookie = (await context.cookies(origin)).map((c) => `${c.name}=${c.value}`).join("; ");
  const res =
    kind === "query"
      ? await fetch(
          `${origin}/trpc/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
          { headers: { cookie } },
        )
      : await fetch(`${origin}/trpc/${path}`, {
          method: "POST",
          headers: {
            cookie,
            "content-type": "application/json",
            "x-csrf-token": await csrfTokenOf(origin, cookie),
          },
          body: JSON.stringify(input),
        });
  const body = (await res.json()) as { result?: { data: T }; error?: unknown };
  if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
  return body.result.data;
}

async function csrfTokenOf(origin: string, cookie: string): Promise<string> {
  const session = (await (await fetch(`${origin}/trpc/account.session`, { headers: { cookie } })).json()) as {
    result: { data: { csrfToken: string } };
  };
  return session.result.data.csrfToken;
}
