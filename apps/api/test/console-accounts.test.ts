import { apiCredentials, eq, hashSecret, sessions, vendorUsers } from "@keyway/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing";
import { signInBrowser, signUpBrowser, TEST_PASSWORD, trpc, uniqueEmail } from "./console-helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
});
afterAll(async () => {
  await server.close();
});

interface Issued {
  credential: {
    id: string;
    key: string;
    secretHint: string;
    lastUsedAt: string | null;
    revokedAt: string | null;
  };
  secret: string;
}

describe("vendor accounts", () => {
  it("signs up a vendor and its owner with an httpOnly, SameSite session cookie", async () => {
    const browser = await signUpBrowser(server.url, {
      vendorName: "Acme Tools",
      timezone: "Asia/Kolkata",
      currency: "INR",
    });
    expect(browser.setCookie).toMatch(/keyway_console=/);
    expect(browser.setCookie).toMatch(/HttpOnly/);
    expect(browser.setCookie).toMatch(/SameSite=Lax/);
    const me = await browser.query<{
      user: { role: string; email: string };
      vendor: { slug: string; timezone: string };
    }>("account.session");
    expect(me).toMatchObject({
      ok: true,
      data: {
        user: { role: "owner", email: browser.email },
        vendor: { slug: "acme-tools", timezone: "Asia/Kolkata" },
      },
    });

    // Password stored as argon2id; the session token only as a hash.
    const [user] = await server.testDb.db
      .select()
      .from(vendorUsers)
      .where(eq(vendorUsers.id, browser.userId));
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    const token = decodeURIComponent(browser.cookie.split("=")[1] ?? "");
    const stored = await server.testDb.db
      .select()
      .from(sessions)
      .where(eq(sessions.vendorUserId, browser.userId));
    expect(stored.map((s) => s.tokenHash)).toContain(hashSecret(token));
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it("refuses a second account with the same email, and a wrong password with one message", async () => {
    const browser = await signUpBrowser(server.url);
    const again = await trpc(server.url, "mutation", "account.signUp", {
      vendorName: "Copycat",
      email: browser.email,
      password: TEST_PASSWORD,
    });
    expect(again).toMatchObject({ ok: false, status: 409 });
    const wrong = await trpc(server.url, "mutation", "account.signIn", {
      email: browser.email,
      password: "nope-nope-nope",
    });
    const unknown = await trpc(server.url, "mutation", "account.signIn", {
      email: uniqueEmail(),
      password: "nope-nope-nope",
    });
    expect(wrong).toMatchObject({ ok: false, status: 401 });
    expect(unknown).toMatchObject({ ok: false, status: 401 });
    if (!wrong.ok && !unknown.ok) expect(wrong.error.message).toBe(unknown.error.message);
  });

  it("answers malformed sign-up input with 400, never 500", async () => {
    for (const input of [
      {},
      { vendorName: "x", email: "not-an-email", password: "p" },
      "junk",
      { vendorName: "x", email: uniqueEmail(), password: "short" },
    ]) {
      const res = await trpc(server.url, "mutation", "account.signUp", input);
      expect(res.status).toBe(400);
    }
  });

  it("requires the CSRF token on console mutations, not on queries", async () => {
    const browser = await signUpBrowser(server.url);
    const without = await browser.mutate("credential.create", { name: "CI" }, { csrf: null });
    expect(without).toMatchObject({ ok: false, status: 403 });
    const wrong = await browser.mutate("credential.create", { name: "CI" }, { csrf: "csrf_forged" });
    expect(wrong).toMatchObject({ ok: false, status: 403 });
    const list = await browser.query<unknown[]>("credential.list");
    expect(list).toMatchObject({ ok: true, data: [] });
    const withToken = await browser.mutate("credential.create", { name: "CI" });
    expect(withToken.ok).toBe(true);
  });

  it("signs out this browser, and everywhere", async () => {
    const first = await signUpBrowser(server.url);
    const second = await signInBrowser(server.url, first.email, TEST_PASSWORD);
    const third = await signInBrowser(server.url, first.email, TEST_PASSWORD);
    expect((await third.mutate("account.signOut")).ok).toBe(true);
    expect(await third.query("catalog.listProducts", {})).toMatchObject({ ok: false, status: 401 });
    expect((await second.query("catalog.listProducts", {})).ok).toBe(true);
    const everywhere = await second.mutate<{ sessionsEnded: number }>("account.signOutEverywhere");
    expect(everywhere).toMatchObject({ ok: true, data: { sessionsEnded: 2 } });
    expect(await first.query("catalog.listProducts", {})).toMatchObject({ ok: false, status: 401 });
    expect(await second.query("account.session")).toMatchObject({ ok: true, data: null });
  });

  it("changes the password: other sessions end, the new password signs in", async () => {
    const first = await signUpBrowser(server.url);
    const other = await signInBrowser(server.url, first.email, TEST_PASSWORD);
    const wrong = await first.mutate("account.changePassword", {
      currentPassword: "not-it-at-all",
      newPassword: "another-long-passphrase",
    });
    expect(wrong).toMatchObject({ ok: false, status: 401 });
    const changed = await first.mutate("account.changePassword", {
      currentPassword: TEST_PASSWORD,
      newPassword: "another-long-passphrase",
    });
    expect(changed.ok).toBe(true);
    expect(await other.query("catalog.listProducts", {})).toMatchObject({ ok: false, status: 401 });
    expect(
      await trpc(server.url, "mutation", "account.signIn", { email: first.email, password: TEST_PASSWORD }),
    ).toMatchObject({ status: 401 });
    const again = await signInBrowser(server.url, first.email, "another-long-passphrase");
    expect((await again.query("catalog.listProducts", {})).ok).toBe(true);
  });

  it("lets owners add members, who cannot manage credentials or users", async () => {
    const owner = await signUpBrowser(server.url);
    const email = uniqueEmail("member");
    const added = await owner.mutate("account.addUser", { email, password: TEST_PASSWORD, role: "member" });
    expect(added).toMatchObject({ ok: true, data: { email, role: "member" } });
    const member = await signInBrowser(server.url, email, TEST_PASSWORD);
    expect(member.vendorId).toBe(owner.vendorId);
    expect(await member.mutate("credential.create", { name: "sneaky" })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await member.query("credential.list")).toMatchObject({ ok: false, status: 403 });
    expect(
      await member.mutate("account.addUser", { email: uniqueEmail(), password: TEST_PASSWORD }),
    ).toMatchObject({ ok: false, status: 403 });
    expect((await member.query("catalog.listProducts", {})).ok).toBe(true);
    expect(await member.mutate("vendorSettings.update", { name: "Taken over" })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(
      await member.mutate("vendorSettings.setGatewayCredentials", { gateway: "upigateway", key: "k" }),
    ).toMatchObject({ ok: false, status: 403 });
    expect((await member.query("vendorSettings.get")).ok).toBe(true);
    // Removing a member ends their sessions.
    const users = await owner.query<{ id: string; email: string }[]>("account.listUsers");
    const memberId = users.ok ? users.data.find((u) => u.email === email)?.id : undefined;
    expect((await owner.mutate("account.removeUser", { userId: memberId })).ok).toBe(true);
    expect(await member.query("catalog.listProducts", {})).toMatchObject({ ok: false, status: 401 });
  });
});

describe("API credentials", () => {
  it("shows the secret once, stores only its hash, and the secret works on every surface", async () => {
    const owner = await signUpBrowser(server.url);
    await owner.mutate("vendorSettings.update", { brandUrl: `https://brand-${owner.vendorId}.example` });
    const created = await owner.mutate<Issued>("credential.create", { name: "Biznoq integration" });
    if (!created.ok) throw new Error(JSON.stringify(created));
    const { credential, secret } = created.data;
    expect(credential.key).toMatch(/^biz_[0-9a-f]{32}$/);
    expect(secret).toMatch(/^sec_/);
    expect(credential.secretHint).toBe(secret.slice(-4));

    const [row] = await server.testDb.db
      .select()
      .from(apiCredentials)
      .where(eq(apiCredentials.id, credential.id));
    expect(row?.secretHash).toBe(hashSecret(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    const listed = await owner.query<unknown[]>("credential.list");
    expect(JSON.stringify(listed)).not.toContain(secret);

    // Bearer, Biznoq pair and JFramework Brand-URL/Auth-Key all name this vendor.
    const surfaces: Record<string, string>[] = [
      { authorization: `Bearer ${secret}` },
      { "x-api-key": credential.key, "x-api-secret": secret },
      { "brand-url": `https://brand-${owner.vendorId}.example`, "auth-key": secret },
    ];
    for (const headers of surfaces) {
      const res = await trpc<{ id: string }>(server.url, "query", "vendorSettings.get", undefined, headers);
      expect(res).toMatchObject({ ok: true, data: { id: owner.vendorId } });
    }
    const wrongPair = await trpc(server.url, "query", "vendorSettings.get", undefined, {
      "x-api-key": "biz_other",
      "x-api-secret": secret,
    });
    expect(wrongPair).toMatchObject({ ok: false, status: 401 });

    const after = await owner.query<{ lastUsedAt: string | null }[]>("credential.list");
    expect(after.ok && after.data[0]?.lastUsedAt).toBeTruthy();
  });

  it("rotates (the old secret stops working) and revokes", async () => {
    const owner = await signUpBrowser(server.url);
    const created = await owner.mutate<Issued>("credential.create", { name: "Deploy" });
    if (!created.ok) throw new Error("create failed");
    const rotated = await owner.mutate<Issued>("credential.rotate", {
      credentialId: created.data.credential.id,
    });
    if (!rotated.ok) throw new Error("rotate failed");
    expect(rotated.data.secret).not.toBe(created.data.secret);
    const bearer = (s: string) =>
      trpc(server.url, "query", "catalog.listProducts", {}, { authorization: `Bearer ${s}` });
    expect(await bearer(created.data.secret)).toMatchObject({ ok: false, status: 401 });
    expect((await bearer(rotated.data.secret)).ok).toBe(true);
    const revoked = await owner.mutate<Issued["credential"]>("credential.revoke", {
      credentialId: rotated.data.credential.id,
    });
    expect(revoked.ok && revoked.data.revokedAt).toBeTruthy();
    expect(await bearer(rotated.data.secret)).toMatchObject({ ok: false, status: 401 });
    // An API key never manages credentials.
    const fresh = await owner.mutate<Issued>("credential.create", { name: "Other" });
    if (!fresh.ok) throw new Error("create failed");
    const viaKey = await trpc(
      server.url,
      "mutation",
      "credential.create",
      { name: "x" },
      { authorization: `Bearer ${fresh.data.secret}` },
    );
    expect(viaKey).toMatchObject({ ok: false, status: 401 });
  });
});

describe("vendor settings", () => {
  it("stores gateway credentials encrypted and never shows them", async () => {
    const owner = await signUpBrowser(server.url);
    const saved = await owner.mutate<{ gateways: { paypal: boolean } }>(
      "vendorSettings.setGatewayCredentials",
      {
        gateway: "paypal",
        clientId: "AeClientIdValue",
        clientSecret: "EPaypalSecretValue123",
      },
    );
    expect(saved).toMatchObject({ ok: true, data: { gateways: { paypal: true, upigateway: false } } });
    expect(JSON.stringify(saved)).not.toContain("EPaypalSecretValue123");
    const { vendors } = await import("@keyway/db");
    const [v] = await server.testDb.db.select().from(vendors).where(eq(vendors.id, owner.vendorId));
    expect(v?.gatewayConfigEncrypted).toMatch(/^v1\./);
    expect(v?.gatewayConfigEncrypted).not.toContain("EPaypalSecretValue123");
    const updated = await owner.mutate("vendorSettings.update", {
      defaultGateway: "paypal",
      timezone: "Europe/Berlin",
      currency: "eur",
    });
    expect(updated).toMatchObject({
      ok: true,
      data: { defaultGateway: "paypal", timezone: "Europe/Berlin", currency: "EUR" },
    });
    expect(await owner.mutate("vendorSettings.update", { defaultGateway: "upigateway" })).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(await owner.mutate("vendorSettings.update", { timezone: "Mars/Olympus" })).toMatchObject({
      ok: false,
      status: 400,
    });
  });
});
