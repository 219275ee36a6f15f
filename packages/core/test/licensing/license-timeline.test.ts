import { apiCredentials, eq, vendors, vendorUsers } from "@keyway/db";
import type { TestDb } from "@keyway/db/testing";
import { createTestDb } from "@keyway/db/testing";
import { AuditActor } from "@keyway/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEvent } from "../../src/events/describe-event";
import { suspendLicense } from "../../src/licensing/change-license-state";
import { extendLicense } from "../../src/licensing/extend-license";
import { licenseTimeline } from "../../src/licensing/license-timeline";
import { verifyLicense } from "../../src/licensing/verify-license";
import { demoSetup, newLicense } from "./helpers";

let db: TestDb;
let ctx: Awaited<ReturnType<typeof demoSetup>>;

beforeAll(async () => {
  db = await createTestDb();
  ctx = await demoSetup(db.db);
});
afterAll(async () => {
  await db.close();
});

describe("a license's timeline in words", () => {
  it("says what happened and who did it: the software, a team member, an API credential", async () => {
    const [user] = await db.db
      .insert(vendorUsers)
      .values({
        vendorId: ctx.vendorId,
        email: "ana@example.com",
        name: "Ana",
        passwordHash: "x",
        role: "owner",
      })
      .returning();
    const [credential] = await db.db
      .insert(apiCredentials)
      .values({
        vendorId: ctx.vendorId,
        name: "CI",
        key: "biz_timeline",
        secretHash: "h-timeline",
        secretHint: "abcd",
      })
      .returning();
    if (!user || !credential) throw new Error("setup");
    // Dates read in the vendor's calendar: 20:00 UTC on 30 June 2028 is already 1 July in Kolkata.
    await db.db.update(vendors).set({ timezone: "Asia/Kolkata" }).where(eq(vendors.id, ctx.vendorId));
    const license = await newLicense(db.db, { vendorId: ctx.vendorId, productId: ctx.software.id });
    const verified = await verifyLicense(db.db, {
      key: license.key,
      scope: { kind: "domain", value: "example.com" },
      actor: AuditActor.licenseKey,
    });
    expect(verified.ok).toBe(true);
    const p = { vendorId: ctx.vendorId, licenseId: license.id };
    await suspendLicense(db.db, { ...p, actor: AuditActor.user(user.id) });
    await extendLicense(db.db, {
      ...p,
      expiresAt: new Date("2028-06-30T20:00:00Z"),
      actor: AuditActor.apiCredential(credential.id),
    });

    const timeline = await licenseTimeline(db.db, { ...p, limit: 50 });
    const lines = timeline.items.map((e) => e.description);
    expect(lines).toContain("Bound to example.com — by the customer's software");
    expect(lines).toContain("Suspended — by Ana (owner)");
    expect(lines).toContain("Expiry set to 2028-07-01 — by API credential ‘CI’");
    expect(lines.join("\n")).not.toMatch(/user:|api:|license\.bound/);
  });

  it("names an actor it cannot find without leaking its id", () => {
    const names = { users: new Map(), credentials: new Map() };
    expect(describeEvent({ type: "license.revoked", actor: "user:usr_gone", data: {} }, names)).toBe(
      "Revoked — by a removed team member",
    );
    expect(describeEvent({ type: "subscription.past_due", actor: "system", data: {} }, names)).toBe(
      "Subscription past due — by Keyway",
    );
  });
});
