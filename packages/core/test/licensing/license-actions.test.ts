import type { StoredLicenseStatus } from "@keyway/db";
import type { TestDb } from "@keyway/db/testing";
import { createTestDb } from "@keyway/db/testing";
import { LICENSE_ACTIONS, type LicenseAction } from "@keyway/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reinstateLicense, revokeLicense, suspendLicense } from "../../src/licensing/change-license-state";
import { extendLicense } from "../../src/licensing/extend-license";
import { getLicense } from "../../src/licensing/get-license";
import { allowedLicenseActions } from "../../src/licensing/license-actions";
import { reissueLicenseKey } from "../../src/licensing/reissue-license-key";
import { renewVendorLicense } from "../../src/licensing/renew-vendor-license";
import { updateLicense } from "../../src/licensing/update-license";
import { demoSetup, eventTypes, newLicense } from "./helpers";

/**
 * A License answers the vendor actions it allows (`allowedActions`, `renewable`), from the same
 * rule that refuses the others: what the console offers is exactly what core takes.
 */

let db: TestDb;
let ctx: Awaited<ReturnType<typeof demoSetup>>;

beforeAll(async () => {
  db = await createTestDb();
  ctx = await demoSetup(db.db);
});
afterAll(async () => {
  await db.close();
});

/** A fresh license in a stored state, reached the way a vendor reaches it. */
async function licenseIn(status: StoredLicenseStatus) {
  const l = await newLicense(db.db, {
    vendorId: ctx.vendorId,
    productId: ctx.software.id,
    status: status === "pending" ? "pending" : "active",
  });
  const p = { vendorId: ctx.vendorId, licenseId: l.id };
  if (status === "suspended") await suspendLicense(db.db, p);
  if (status === "revoked") await revokeLicense(db.db, p);
  return getLicense(db.db, p);
}

function run(action: LicenseAction, licenseId: string) {
  const p = { vendorId: ctx.vendorId, licenseId };
  switch (action) {
    case "suspend":
      return suspendLicense(db.db, p);
    case "reinstate":
      return reinstateLicense(db.db, p);
    case "revoke":
      return revokeLicense(db.db, p);
    case "extend":
      return extendLicense(db.db, { ...p, expiresAt: new Date(Date.now() + 90 * 86_400_000) });
    case "renew":
      return renewVendorLicense(db.db, p);
    case "update":
      return updateLicense(db.db, { ...p, name: `Renamed ${licenseId}` });
    case "reissue_key":
      return reissueLicenseKey(db.db, p);
  }
}

describe("the actions a license allows", () => {
  it("a pending license does not offer suspend, and suspending it is refused", async () => {
    const l = await licenseIn("pending");
    expect(l.status).toBe("pending");
    expect(l.allowedActions).not.toContain("suspend");
    expect(l.allowedActions).not.toContain("reinstate");
    expect(l.allowedActions).toEqual(expect.arrayContaining(["revoke", "extend", "renew"]));
    await expect(run("suspend", l.id)).rejects.toMatchObject({ code: "conflict" });
  });

  it("a revoked license offers nothing, not even extend, and extending it is refused", async () => {
    const l = await licenseIn("revoked");
    expect(l.allowedActions).toEqual([]);
    expect(l.renewable).toBe(false);
    await expect(run("extend", l.id)).rejects.toMatchObject({ code: "license_revoked" });
  });

  it("an active license offers suspend, revoke, extend, renew, update and a new key; a suspended one reinstate instead of suspend", async () => {
    const active = await licenseIn("active");
    expect(active.allowedActions).toEqual(["suspend", "revoke", "extend", "renew", "update", "reissue_key"]);
    expect(active.renewable).toBe(true);
    const suspended = await licenseIn("suspended");
    expect(suspended.allowedActions).toEqual(["reinstate", "revoke", "extend", "update", "reissue_key"]);
    expect(suspended.renewable).toBe(false);
  });

  it("lists exactly what core takes: every listed action changes the license, every other is refused or a no-op", async () => {
    const statuses: StoredLicenseStatus[] = ["pending", "active", "suspended", "revoked"];
    const seen: string[] = [];
    for (const status of statuses) {
      for (const action of LICENSE_ACTIONS) {
        const l = await licenseIn(status);
        const listed = l.allowedActions.includes(action);
        expect(listed, `${status}/${action}: the view and the rule agree`).toBe(
          allowedLicenseActions(status).includes(action),
        );
        const before = await eventTypes(db.db, l.id);
        const outcome = await run(action, l.id).then(
          () => "taken" as const,
          (e: { code?: string }) => e.code ?? "thrown",
        );
        const changed = (await eventTypes(db.db, l.id)).length > before.length;
        seen.push(`${status}/${action}:${listed ? "listed" : "not listed"}`);
        if (listed) {
          expect({ status, action, outcome, changed }).toEqual({
            status,
            action,
            outcome: "taken",
            changed: true,
          });
        } else {
          expect({ status, action, changed }).toEqual({ status, action, changed: false });
        }
      }
    }
    expect(seen).toHaveLength(statuses.length * LICENSE_ACTIONS.length);
  });
});
