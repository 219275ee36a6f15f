import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing";
import { signUpBrowser, trpc, uniqueEmail } from "./console-helpers";

/** What production mode adds to console accounts: strong passwords, Secure cookies, sign-in limits. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    NODE_ENV: "production",
    SECRET_KEY: "a-production-secret-key-for-tests",
    RATE_LIMIT: "off",
  });
});
afterAll(async () => {
  await server.close();
});

const strong = "Tiger-lily meadow 47";

describe("console accounts in production", () => {
  it("refuses a weak password at sign-up", async () => {
    for (const password of ["short", "password12345", "123456789012345"]) {
      const res = await trpc(server.url, "mutation", "account.signUp", {
        vendorName: "Weak Co",
        email: uniqueEmail(),
        password,
      });
      expect(res, password).toMatchObject({ ok: false, status: 400 });
    }
  });

  it("sets a Secure, httpOnly, SameSite=Lax cookie", async () => {
    const browser = await signUpBrowser(server.url, { password: strong });
    expect(browser.setCookie).toMatch(/HttpOnly/);
    expect(browser.setCookie).toMatch(/SameSite=Lax/);
    expect(browser.setCookie).toMatch(/Secure/);
  });

  it("rate-limits repeated failed sign-ins, even with the right password afterwards", async () => {
    const browser = await signUpBrowser(server.url, { password: strong });
    const attempt = (password: string) =>
      trpc(server.url, "mutation", "account.signIn", { email: browser.email, password });
    for (let i = 0; i < 10; i++) expect(await attempt("wrong-password-guess")).toMatchObject({ status: 401 });
    expect(await attempt("wrong-password-guess")).toMatchObject({ ok: false, status: 429 });
    expect(await attempt(strong)).toMatchObject({ ok: false, status: 429 });
  });
});
