import { describe, expect, it } from "vitest";
import { RESERVED_SLUG_MESSAGE, RESERVED_SLUGS, SignUpInput, VendorSlug } from "../src/index";

describe("VendorSlug", () => {
  it("refuses every reserved route, in any case, with one clear message", () => {
    for (const slug of [...RESERVED_SLUGS, "Console", " RENEW "]) {
      const parsed = VendorSlug.safeParse(slug);
      expect(parsed.success, slug).toBe(false);
      expect(parsed.error?.issues.map((i) => i.message)).toEqual([RESERVED_SLUG_MESSAGE]);
    }
  });

  it("takes ordinary slugs, including ones that merely start with a reserved word", () => {
    for (const slug of ["acme", "acme-tools", "console-tools", "renewals", "api2"]) {
      expect(VendorSlug.parse(slug)).toBe(slug);
    }
    const input = { vendorName: "Acme", email: "a@b.co", password: "x" };
    expect(SignUpInput.safeParse({ ...input, slug: "orders" }).success).toBe(false);
    expect(SignUpInput.safeParse(input).success).toBe(true);
  });
});
