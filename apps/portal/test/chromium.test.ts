import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findChromium } from "./chromium";

/** Which Chromium the browser suites use: CHROMIUM_PATH first, then the system's on PATH. */

const root = mkdtempSync(join(tmpdir(), "keyway-chromium-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An executable file `name` in the directory `dir` under the scratch root. */
function binary(dir: string, name: string): string {
  mkdirSync(join(root, dir), { recursive: true });
  const file = join(root, dir, name);
  writeFileSync(file, "#!/bin/sh\n");
  chmodSync(file, 0o755);
  return file;
}

describe("findChromium", () => {
  it("takes CHROMIUM_PATH when set, and names it when it is not an executable", () => {
    const file = binary("custom", "my-chrome");
    binary("bin", "chromium");
    expect(findChromium({ CHROMIUM_PATH: file, PATH: join(root, "bin") })).toBe(file);
    const missing = join(root, "missing");
    expect(() => findChromium({ CHROMIUM_PATH: missing, PATH: join(root, "bin") })).toThrow(
      `CHROMIUM_PATH=${missing} is not an executable file`,
    );
  });

  it("finds the system's browser on PATH, Chromium before Chrome", () => {
    binary("chrome", "google-chrome");
    const chromium = binary("chromium", "chromium-browser");
    const path = [join(root, "empty"), join(root, "chrome"), join(root, "chromium")].join(delimiter);
    expect(findChromium({ PATH: path }, "linux")).toBe(chromium);
    expect(findChromium({ PATH: join(root, "chrome") }, "linux")).toBe(join(root, "chrome", "google-chrome"));
  });
});
