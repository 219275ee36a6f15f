import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../src/server";
import { startSecondServer, startTestServer, type TestServer } from "../src/testing";
import { type ConsoleBrowser, signUpBrowser } from "./console-helpers";
import { waitFor } from "./webhook-receiver";

/**
 * API credentials are answered from memory for up to a second (core auth/credential-cache.ts).
 * A revoked or rotated credential is refused at once by the server that did it and within 1 s
 * by another server on the same database (its own connection pool on Postgres, as a second
 * process would be).
 */
let first: TestServer;
let second: RunningServer;
let owner: ConsoleBrowser;

beforeAll(async () => {
  first = await startTestServer({ RATE_LIMIT: "off" });
  second = await startSecondServer(first, { RATE_LIMIT: "off" });
  owner = await signUpBrowser(first.url, { vendorName: "Cache Vendor" });
});
afterAll(async () => {
  await second?.close();
  await first?.close();
});

const productsStatus = async (server: RunningServer, secret: string) =>
  (await fetch(`${server.url}/api/v1/products`, { headers: { authorization: `Bearer ${secret}` } })).status;

async function issue(name: string) {
  const res = await owner.mutate<{ secret: string; credential: { id: string } }>("credential.create", {
    name,
  });
  if (!res.ok) throw new Error(`credential.create: ${JSON.stringify(res)}`);
  return res.data;
}

/** Both servers have just answered with it (so both remember it). */
async function inUseOnBoth(secret: string) {
  for (let i = 0; i < 3; i++) {
    expect(await productsStatus(first, secret)).toBe(200);
    expect(await productsStatus(second, secret)).toBe(200);
  }
}

describe("the credential cache on two servers", () => {
  it("a revoked credential is refused at once where revoked and within 1 s on the other server", async () => {
    const { secret, credential } = await issue("revoke me");
    await inUseOnBoth(secret);
    expect((await owner.mutate("credential.revoke", { credentialId: credential.id })).ok).toBe(true);
    expect(await productsStatus(first, secret)).toBe(401);
    await waitFor(
      async () => (await productsStatus(second, secret)) === 401,
      "the second server to refuse",
      1_000,
    );
    // And it stays refused: nothing brings a revoked credential back from memory.
    expect(await productsStatus(second, secret)).toBe(401);
    expect(await productsStatus(first, secret)).toBe(401);
  });

  it("a rotated credential: the old secret refused within 1 s everywhere, the new one works at once", async () => {
    const { secret, credential } = await issue("rotate me");
    await inUseOnBoth(secret);
    const rotated = await owner.mutate<{ secret: string }>("credential.rotate", {
      credentialId: credential.id,
    });
    if (!rotated.ok) throw new Error(`credential.rotate: ${JSON.stringify(rotated)}`);
    expect(await productsStatus(first, rotated.data.secret)).toBe(200);
    expect(await productsStatus(second, rotated.data.secret)).toBe(200);
    expect(await productsStatus(first, secret)).toBe(401);
    await waitFor(
      async () => (await productsStatus(second, secret)) === 401,
      "the second server to refuse",
      1_000,
    );
  });

  it("never answers one database's credential from another's memory", async () => {
    const other = await startTestServer({ RATE_LIMIT: "off" });
    try {
      const { secret } = await issue("this database only");
      expect(await productsStatus(first, secret)).toBe(200);
      expect(await productsStatus(other, secret)).toBe(401);
    } finally {
      await other.close();
    }
  });
});
