import { DEMO, seedDemo } from "@keyway/db/seed";
import { createTestDb, type TestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createNotifier,
  listMyLicenses,
  type Notifier,
  requestLoginCode,
  resolveCustomerSession,
  verifyLoginCode,
} from "../../src/index";

let testDb: TestDb;
let notifier: Notifier;
let vendorSlug: string;
beforeAll(async () => {
  testDb = await createTestDb();
  await seedDemo(testDb.db);
  vendorSlug = DEMO.vendorSlug;
  notifier = createNotifier({ production: false });
});
afterAll(async () => {
  await testDb.close();
});

function lastCode(to: string): string {
  const text = notifier.mailbox()?.find((m) => m.to === to)?.text ?? "";
  return text.match(/\b(\d{6})\b/)?.[1] ?? "";
}

const failure = async (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: { code?: string }) => e.code,
  );

describe("one-time sign-in codes", () => {
  it("signs a new customer in once; the code cannot be used twice", async () => {
    const destination = "Buyer@Example.com";
    await requestLoginCode(testDb.db, notifier, { vendorSlug, destination });
    const code = lastCode("buyer@example.com");
    expect(code).toMatch(/^\d{6}$/);
    const session = await verifyLoginCode(testDb.db, { vendorSlug, destination: "buyer@example.com", code });
    const resolved = await resolveCustomerSession(testDb.db, session.token);
    expect(resolved?.email).toBe("buyer@example.com");
    // The session's CSRF token, told at sign-in and with the session, for the portal to echo.
    expect(session.csrfToken).toMatch(/^csrf_/);
    expect(resolved?.csrfToken).toBe(session.csrfToken);
    // The seeded demo buyer owns the demo licenses: they are theirs, and nobody else's.
    const mine = await listMyLicenses(testDb.db, {
      vendorId: resolved?.vendorId ?? "",
      customerId: session.customerId,
    });
    expect(mine.map((l) => l.key)).toContain("ABCDEF1234567890");
    const strangers = await listMyLicenses(testDb.db, {
      vendorId: resolved?.vendorId ?? "",
      customerId: "cus_nobody",
    });
    expect(strangers).toEqual([]);
    expect(await failure(verifyLoginCode(testDb.db, { vendorSlug, destination, code }))).toBe("unauthorized");
  });

  it("locks a code after too many wrong attempts, and expires it", async () => {
    const destination = "9876500001";
    await requestLoginCode(testDb.db, notifier, { vendorSlug, destination });
    const code = lastCode(destination);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++)
      expect(await failure(verifyLoginCode(testDb.db, { vendorSlug, destination, code: wrong }))).toBe(
        "unauthorized",
      );
    expect(await failure(verifyLoginCode(testDb.db, { vendorSlug, destination, code }))).toBe("unauthorized");

    const other = "9876500002";
    await requestLoginCode(testDb.db, notifier, { vendorSlug, destination: other });
    const later = new Date(Date.now() + 11 * 60_000);
    expect(
      await failure(
        verifyLoginCode(testDb.db, { vendorSlug, destination: other, code: lastCode(other), now: later }),
      ),
    ).toBe("unauthorized");
  });

  it("rate limits codes per destination", async () => {
    const destination = "9876500003";
    for (let i = 0; i < 5; i++) await requestLoginCode(testDb.db, notifier, { vendorSlug, destination });
    expect(await failure(requestLoginCode(testDb.db, notifier, { vendorSlug, destination }))).toBe(
      "rate_limited",
    );
  });

  it("keeps no mailbox in production", () => {
    expect(createNotifier({ production: true }).mailbox()).toBeNull();
  });
});
