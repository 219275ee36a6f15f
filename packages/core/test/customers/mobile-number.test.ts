import { DEMO, seedDemo } from "@keyway/db/seed";
import { createTestDb, type TestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNotifier, normaliseMobile, requestLoginCode, verifyLoginCode } from "../../src/index";

describe("mobile numbers as people type them (one rule for checkout and sign-in)", () => {
  it("accepts +91, a leading 0, spaces and dashes, and stores the 10 digits", () => {
    for (const typed of ["+91 94604 39200", "094604 39200", "94604-39200", "9460439200", "91 9460439200"])
      expect(normaliseMobile(typed)).toEqual({ ok: true, value: "9460439200" });
  });

  it("refuses numbers that reach nobody, in words", () => {
    for (const typed of ["0000000000", "1234567890", "5460439200"]) {
      const mobile = normaliseMobile(typed);
      expect(mobile.ok).toBe(false);
      if (!mobile.ok) expect(mobile.reason).toMatch(/start with 6, 7, 8 or 9/);
    }
  });

  it("refuses numbers of the wrong length or with letters", () => {
    for (const typed of ["94604", "+44 7700 900123", "9460abc200", "94604392001"]) {
      const mobile = normaliseMobile(typed);
      expect(mobile.ok).toBe(false);
      if (!mobile.ok) expect(mobile.reason).toMatch(/10-digit mobile number/);
    }
  });
});

describe("sign-in with a mobile number typed any way", () => {
  let testDb: TestDb;
  const notifier = createNotifier({ production: false });
  beforeAll(async () => {
    testDb = await createTestDb();
    await seedDemo(testDb.db);
  });
  afterAll(async () => {
    await testDb.close();
  });

  it("sends the code to the 10 digits and accepts it typed another way", async () => {
    await requestLoginCode(testDb.db, notifier, {
      vendorSlug: DEMO.vendorSlug,
      destination: "+91 98765 00777",
    });
    const text = notifier.mailbox()?.find((m) => m.to === "9876500777")?.text ?? "";
    const code = text.match(/\b(\d{6})\b/)?.[1] ?? "";
    expect(code).toMatch(/^\d{6}$/);
    const session = await verifyLoginCode(testDb.db, {
      vendorSlug: DEMO.vendorSlug,
      destination: "098765-00777",
      code,
    });
    expect(session.customerId).toBeTruthy();
  });

  it("refuses 0000000000 in words", async () => {
    await expect(
      requestLoginCode(testDb.db, notifier, { vendorSlug: DEMO.vendorSlug, destination: "0000000000" }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/start with 6, 7, 8 or 9/),
    });
  });

  it("says when a new code may be asked for once the limit is reached", async () => {
    const destination = "9876500778";
    const now = new Date("2026-11-30T10:00:00Z");
    for (let i = 0; i < 5; i++)
      await requestLoginCode(testDb.db, notifier, {
        vendorSlug: DEMO.vendorSlug,
        destination,
        now: new Date(now.getTime() + i * 60_000),
      });
    await expect(
      requestLoginCode(testDb.db, notifier, {
        vendorSlug: DEMO.vendorSlug,
        destination,
        now: new Date(now.getTime() + 5 * 60_000),
      }),
    ).rejects.toMatchObject({ code: "rate_limited", message: expect.stringMatching(/in 10 minutes/) });
  });
});
