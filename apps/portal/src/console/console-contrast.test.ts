import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The badge colours as console.css sets them: the test reads the stylesheet, not a copy.
const css = readFileSync(new URL("./console.css", import.meta.url), "utf8");
const colour = (name: string) => {
  const match = css.match(new RegExp(`--kc-badge-${name}:\\s*(#[0-9a-fA-F]{6})`));
  if (!match?.[1]) throw new Error(`--kc-badge-${name} is not set in console.css`);
  return match[1];
};

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe("console badges", () => {
  it("every badge's text keeps 4.5:1 against its background (WCAG AA)", () => {
    const background = colour("bg");
    for (const name of ["neutral", "ok", "warn", "muted", "danger"]) {
      expect({ name, ratio: contrast(colour(name), background) >= 4.5 }).toEqual({ name, ratio: true });
    }
  });

  it("the green of today's 'active' badge would fail (the check can fail)", () => {
    expect(contrast("#12b76a", "#f6f7f9")).toBeLessThan(4.5);
  });
});
