import type { TestProject } from "vitest/node";
import { resolveChromium } from "./chromium";

declare module "vitest" {
  export interface ProvidedContext {
    /** The Chromium binary the browser suites launch (see ./chromium.ts). */
    chromiumPath: string;
  }
}

/** Once per run, before any suite: find (or install) Chromium and hand its path to the suites. */
export default function setup(project: TestProject) {
  project.provide("chromiumPath", resolveChromium());
}
