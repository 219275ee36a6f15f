import { createTestDb, type TestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSignInLimiter,
  DomainError,
  resolveVendorSession,
  signInVendorUser,
  signUpVendor,
} from "../../src/index";
import { assertPasswordStrength } from "../../src/vendors/passwords";

let testDb: TestDb;
beforeAll(async () => {
  testDb = await createTestDb();
});
afterAll(async () => {
  await testDb.close();
});

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof DomainError ? e.code : "other";
  }
};

describe("password strength", () => {
  it("refuses weak passwords in production and accepts a passphrase", () => {
    const prod = { production: true, email: "asha@shop.in" };
    for (const weak of [
      "short",
      "password1234",
      "aaaaaaaaaaaaaaaa",
      "abcdefghijklmnop",
      "asha-is-the-best-2026",
    ]) {
      expect(
        codeOf(() => assertPasswordStrength(weak, prod)),
        weak,
      ).toBe("invalid_input");
    }
    expect(codeOf(() => assertPasswordStrength("Tiger-lily meadow 47", prod))).toBeNull();
    // Development only asks for 8 characters.
    expect(codeOf(() => assertPasswordStrength("abcdefgh", { production: false }))).toBeNull();
  });

  it("sign-up in production refuses a weak password before creating anything", async () => {
    await expect(
      signUpVendor(testDb.db, {
        vendorName: "Weak",
        email: "weak@shop.in",
        password: "password1234",
        production: true,
      }),
    ).rejects.toMatchObject({ code: "invalid_input" });
  });
});

describe("store address", () => {
  it("refuses a reserved slug even from a caller that skipped the contract", async () => {
    await expect(
      signUpVendor(testDb.db, {
        vendorName: "Squatter",
        slug: "console",
        email: "squatter@shop.in",
        password: "a-long-enough-passphrase",
        production: false,
      }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      message: "This address is reserved; choose another.",
      details: { field: "slug" },
    });
  });
});

describe("sign-in", () => {
  it("issues a session whose token resolves, and rate-limits repeated failures", async () => {
    const up = await signUpVendor(testDb.db, {
      vendorName: "Limiter Labs",
      email: "owner@limiter.test",
      password: "Tiger-lily meadow 47",
      production: true,
    });
    expect((await resolveVendorSession(testDb.db, up.token))?.vendor.slug).toBe("limiter-labs");

    const limiter = createSignInLimiter({ max: 3, windowMs: 60_000 });
    const attempt = (password: string, ip = "203.0.113.9") =>
      signInVendorUser(testDb.db, { email: "owner@limiter.test", password, ip, limiter });
    for (let i = 0; i < 3; i++)
      await expect(attempt("wrong")).rejects.toMatchObject({ code: "unauthorized" });
    // Even the right password is refused while the email is locked out.
    await expect(attempt("Tiger-lily meadow 47")).rejects.toMatchObject({ code: "rate_limited" });
    await expect(attempt("Tiger-lily meadow 47", "198.51.100.7")).rejects.toMatchObject({
      code: "rate_limited",
    });
    // Without the limiter (development) the right password signs in.
    const ok = await signInVendorUser(testDb.db, {
      email: "owner@limiter.test",
      password: "Tiger-lily meadow 47",
      ip: "203.0.113.9",
    });
    expect(ok.vendorId).toBe(up.vendorId);
  });
});
