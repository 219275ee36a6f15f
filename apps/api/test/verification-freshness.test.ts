import {
  flushLastVerified,
  reinstateLicense,
  renewLicense,
  revokeLicense,
  suspendLicense,
  verificationCacheOf,
} from "@keyway/core";
import { eq, lastVerified, licenses, sql } from "@keyway/db";
import { DEMO } from "@keyway/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../src/server";
import { startSecondServer, startTestServer, type TestServer } from "../src/testing";

/**
 * Verification answers from each process's verification cache (core/licensing/verification-cache.ts),
 * which Postgres NOTIFY keeps fresh: a change committed through one process is the next answer of
 * every process. Two servers on one database — a second connection pool on Postgres (as a second
 * process would have), or a second app over the same PGlite handle.
 */
let first: TestServer;
let second: RunningServer;

beforeAll(async () => {
  first = await startTestServer();
  second = await startSecondServer(first);
});

afterAll(async () => {
  await second?.close();
  await first?.close();
});

async function validate(server: RunningServer, key: string, domain: string) {
  const res = await fetch(`${server.url}/api/v1/licenses/validate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key, domain }),
  });
  const body = (await res.json()) as { valid?: boolean; data?: { code?: string } };
  return { status: res.status, code: res.ok ? "ok" : body.data?.code };
}

async function licenseOf(key: string) {
  const [row] = await first.deps.db.select().from(licenses).where(eq(licenses.key, key));
  if (!row) throw new Error(`no license ${key}`);
  return row;
}

describe("a license change is the next answer on every process", () => {
  it("suspend, reinstate and revoke through one process; both processes answer the new state at once", async () => {
    const key = DEMO.licenses.active;
    const license = await licenseOf(key);
    const action = { vendorId: first.demoVendorId, licenseId: license.id };
    expect((await validate(first, key, "example.com")).code).toBe("ok");
    expect((await validate(second, key, "example.com")).code).toBe("ok");

    await suspendLicense(first.deps.db, action);
    expect((await validate(first, key, "example.com")).code).toBe("license_suspended");
    expect((await validate(second, key, "example.com")).code).toBe("license_suspended");

    await reinstateLicense(second.deps.db, action);
    expect((await validate(first, key, "example.com")).code).toBe("ok");
    expect((await validate(second, key, "example.com")).code).toBe("ok");

    await revokeLicense(first.deps.db, action);
    expect((await validate(first, key, "example.com")).code).toBe("license_revoked");
    expect((await validate(second, key, "example.com")).code).toBe("license_revoked");
  });

  it("a renewal of an expired license is accepted at once by both processes", async () => {
    const key = DEMO.licenses.expired;
    expect((await validate(second, key, "example.org")).code).toBe("license_expired");
    const license = await licenseOf(key);
    await first.deps.db.transaction((tx) =>
      renewLicense(tx, { licenseId: license.id, durationValue: 1, durationUnit: "year" }),
    );
    expect((await validate(first, key, "example.org")).code).toBe("ok");
    expect((await validate(second, key, "example.org")).code).toBe("ok");
  });
});

describe("a change made outside Keyway's code", () => {
  it("reaches both servers' caches by NOTIFY, with no help from the writer", async () => {
    const key = DEMO.licenses.active;
    const license = await licenseOf(key);
    const setStatus = (status: string) =>
      first.testDb.db.execute(
        sql`update licenses set status = ${status}, revoked_at = null where id = ${license.id}`,
      );
    await setStatus("active");
    await cacheOf(first).sync();
    await cacheOf(second).sync();
    for (const server of [first, second]) {
      expect((await validate(server, key, "example.com")).code).toBe("ok");
      expect((await validate(server, key, "example.com")).code).toBe("ok");
    }
    const hits = cacheOf(second).stats().hits;
    expect(hits).toBeGreaterThan(0);
    // As an operator in psql, or a process running other code, would.
    await setStatus("suspended");
    await cacheOf(first).sync();
    await cacheOf(second).sync();
    expect((await validate(first, key, "example.com")).code).toBe("license_suspended");
    expect((await validate(second, key, "example.com")).code).toBe("license_suspended");
  });
});

function cacheOf(server: RunningServer) {
  const cache = verificationCacheOf(server.deps.db);
  if (!cache) throw new Error("the server runs without a verification cache");
  return cache;
}

describe("last_verified_at is written in batches", () => {
  it("a verification's time reaches the database by the next flush", async () => {
    const key = DEMO.licenses.suspended;
    const before = await licenseOf(key);
    const lastVerifiedAt = async () =>
      (await first.testDb.db.select().from(lastVerified).where(eq(lastVerified.id, before.id)))[0]?.at ??
      null;
    const beforeAt = await lastVerifiedAt();
    await reinstateLicense(first.deps.db, { vendorId: first.demoVendorId, licenseId: before.id });
    expect((await validate(first, key, "example.net")).code).toBe("ok");
    await flushLastVerified(first.deps.db);
    const afterAt = await lastVerifiedAt();
    expect(afterAt).not.toBeNull();
    expect(afterAt?.getTime() ?? 0).toBeGreaterThan(beforeAt?.getTime() ?? 0);
  });
});
