import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join } from "node:path";
import { chromium } from "playwright-core";

/**
 * Finds the Chromium the browser suites drive, in this order: `CHROMIUM_PATH`; the system's
 * browser on PATH (or the usual macOS application); Playwright's own download. When none is
 * found, installs one (Debian's package when root on Debian, else Playwright's installer).
 */

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

const SYSTEM_NAMES = ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"];
const MACOS_APPS = [
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

export interface ChromiumEnv {
  CHROMIUM_PATH?: string;
  PATH?: string;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first Chromium found without installing anything, or undefined. */
export function findChromium(env: ChromiumEnv, platform: NodeJS.Platform = process.platform) {
  if (env.CHROMIUM_PATH) {
    if (!isExecutable(env.CHROMIUM_PATH))
      throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file`);
    return env.CHROMIUM_PATH;
  }
  const dirs = (env.PATH ?? "").split(delimiter).filter(Boolean);
  for (const name of SYSTEM_NAMES) {
    for (const dir of dirs) {
      const file = join(dir, name);
      if (isExecutable(file)) return file;
    }
  }
  if (platform === "darwin") {
    const app = MACOS_APPS.find(isExecutable);
    if (app) return app;
  }
  let downloaded = "";
  try {
    downloaded = chromium.executablePath();
  } catch {
    // No Playwright build for this platform.
  }
  return downloaded && isExecutable(downloaded) ? downloaded : undefined;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const result = spawnSync(command, args, {
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status === 0) return true;
  const output = `${result.stderr ?? ""}${result.stdout ?? ""}`.trim().split("\n").slice(-5).join("\n");
  console.error(`${command} ${args.join(" ")} failed:\n${output || result.error?.message}`);
  return false;
}

const isRootOnDebian = () =>
  process.getuid?.() === 0 && existsSync("/etc/debian_version") && existsSync("/usr/bin/apt-get");

function installChromium(): void {
  if (isRootOnDebian()) {
    console.log(
      "No Chromium for the browser tests: installing Debian's chromium (apt-get install chromium)…",
    );
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    if (run("apt-get", ["update", "-qq"], env) && run("apt-get", ["install", "-y", "-qq", "chromium"], env))
      return;
  }
  const cli = join(dirname(createRequire(import.meta.url).resolve("playwright-core/package.json")), "cli.js");
  console.log(
    "No Chromium for the browser tests: installing Playwright's (playwright-core install chromium)…",
  );
  run(process.execPath, [cli, "install", "chromium"]);
}

/** The Chromium to launch; installs one when none is found, or throws one clear line. */
export function resolveChromium(env: ChromiumEnv = process.env): string {
  const found = findChromium(env);
  if (found) return found;
  installChromium();
  const installed = findChromium(env);
  if (!installed)
    throw new Error(
      "No Chromium for the browser tests and installing one failed: set CHROMIUM_PATH to a Chromium or Chrome binary",
    );
  return installed;
}
