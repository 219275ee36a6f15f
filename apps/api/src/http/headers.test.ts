import { describe, expect, it } from "vitest";
import { credentialOf, pairCredentialOf } from "./credentials";
import { cookieOf, headerOf, idempotencyKeyOf } from "./headers";

describe("the one header reader", () => {
  it("reads the first value, trimmed, from a request or its headers; blank is absent", () => {
    const headers = { "idempotency-key": ["  key-1 ", "key-2"], "x-api-key": "   ", "brand-url": "" };
    expect(idempotencyKeyOf({ headers })).toBe("key-1");
    expect(idempotencyKeyOf(headers)).toBe("key-1");
    expect(headerOf(headers, "Idempotency-Key")).toBe("key-1");
    expect(headerOf(headers, "x-api-key")).toBeUndefined();
    expect(headerOf(headers, "brand-url")).toBeUndefined();
    expect(headerOf(headers, "absent")).toBeUndefined();
    // A header named "headers" is a header, not a request.
    expect(headerOf({ headers: "x" }, "headers")).toBe("x");
  });

  it("reads cookies; one that does not percent-decode is taken as sent (a wrong token, not a crash)", () => {
    const cookie = "a=1; keyway_console=kws%20one; keyway_session=kwc_%E0; empty=";
    expect(cookieOf({ cookie }, "keyway_console")).toBe("kws one");
    expect(cookieOf({ cookie }, "keyway_session")).toBe("kwc_%E0");
    expect(cookieOf({ cookie }, "empty")).toBeUndefined();
    expect(cookieOf({}, "keyway_console")).toBeUndefined();
  });

  it("reads a credential in the order every surface documents: Bearer, key pair, Brand-URL", () => {
    const pair = { "x-api-key": "biz_1", "x-api-secret": "sec_1" };
    expect(credentialOf({ authorization: "Bearer sec_b ", ...pair })).toEqual({
      kind: "bearer",
      secret: "sec_b",
    });
    expect(credentialOf(pair)).toEqual({ kind: "pair", key: "biz_1", secret: "sec_1" });
    expect(credentialOf({ "brand-url": "https://b.test", "auth-key": "k" })).toEqual({
      kind: "brand",
      brandUrl: "https://b.test",
      secret: "k",
    });
    expect(pairCredentialOf({ "x-api-key": "biz_1" })).toBeNull();
    expect(credentialOf({ authorization: "Basic abc" })).toBeNull();
  });
});
