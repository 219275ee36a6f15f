import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium } from "playwright-core";
import { build } from "vite";
import { inject } from "vitest";
import { CHROMIUM_ARGS } from "../chromium";

/** What the browser suites share: the portal build, the browser, and a CSP watch. */

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
