import { describe, expect, it } from "vitest";
import { normaliseDomain, normaliseFingerprint, normaliseSerial } from "../src/domain";

const ok = (value: string) => ({ ok: true, value });

describe("normaliseDomain", () => {
  it.each([
    "example.com",
    "www.example.com",
    "https://example.com",
    "http://www.example.com/path",
    "HTTPS://WWW.Example.COM:8443/a/b?c=d#e",
    "example.com.",
    "  example.com  ",
    "//example.com/x",
    "user:pass@example.com",
    "example.com:80",
    "example.com?x=1",
    "www.www.example.com",
  ])("%s → example.com (every form seed 002 lists, and more)", (input) => {
    expect(normaliseDomain(input)).toEqual(ok("example.com"));
  });

  it("converts IDN to punycode", () => {
    expect(normaliseDomain("https://www.Bücher.de/shop")).toEqual(ok("xn--bcher-kva.de"));
    expect(normaliseDomain("xn--bcher-kva.de")).toEqual(ok("xn--bcher-kva.de"));
    expect(normaliseDomain("例え.テスト")).toEqual(ok("xn--r8jz45g.xn--zckzah"));
  });

  it("keeps www.com a two-label name", () => {
    expect(normaliseDomain("www.com")).toEqual(ok("www.com"));
  });

  it("keeps subdomains other than www", () => {
    expect(normaliseDomain("shop.example.co.uk")).toEqual(ok("shop.example.co.uk"));
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["127.0.0.1", "IPv4"],
    ["http://10.0.0.1:8080/", "IPv4 URL"],
    ["[::1]", "IPv6"],
    ["http://[2001:db8::1]/", "IPv6 URL"],
    ["localhost", "single label"],
    ["example..com", "empty label"],
    [".example.com", "leading empty label"],
    [`${"a".repeat(64)}.com`, "label over 63"],
    [`${"abcdefghi.".repeat(26)}com`, "name over 253"],
    ["exa mple.com", "space"],
    ["exa_mple.com", "underscore"],
    ["-example.com", "leading hyphen"],
    ["example.com'; drop table licenses;--", "SQL-looking"],
  ])("rejects %j (%s)", (input) => {
    expect(normaliseDomain(input).ok).toBe(false);
  });

  it("accepts a 63-character label and a 253-character name", () => {
    expect(normaliseDomain(`${"a".repeat(63)}.com`).ok).toBe(true);
    const name = `${"a".repeat(61)}.${"b".repeat(61)}.${"c".repeat(61)}.${"d".repeat(61)}.com`;
    expect(name.length).toBeLessThanOrEqual(253);
    expect(normaliseDomain(name).ok).toBe(true);
  });
});

describe("normaliseSerial", () => {
  it("treats Busy serials with and without the B- prefix as one", () => {
    expect(normaliseSerial("B-12345678")).toEqual(ok("12345678"));
    expect(normaliseSerial("12345678")).toEqual(ok("12345678"));
    expect(normaliseSerial(" b 12345678 ")).toEqual(ok("12345678"));
  });
  it("keeps other alphanumeric serials, upper-cased", () => {
    expect(normaliseSerial("ab-12c-x9")).toEqual(ok("AB-12C-X9"));
  });
  it.each(["", "B-", "x", "12 34", "a".repeat(65), "1;drop"])("rejects %j", (input) => {
    expect(normaliseSerial(input).ok).toBe(false);
  });
});

describe("normaliseFingerprint", () => {
  it("lower-cases and trims", () => {
    expect(normaliseFingerprint(" ABCDEF01-2345 ")).toEqual(ok("abcdef01-2345"));
  });
  it.each(["", "ab", "with space", "x".repeat(257)])("rejects %j", (input) => {
    expect(normaliseFingerprint(input).ok).toBe(false);
  });
});

describe("normaliseDomain properties", () => {
  it("is idempotent and its output is always a valid lower-case ASCII name", async () => {
    const fc = (await import("fast-check")).default;
    const label = fc.stringMatching(/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,20}[a-zA-Z0-9])?$/);
    const host = fc.tuple(
      fc.array(label, { minLength: 1, maxLength: 3 }),
      fc.constantFrom("com", "org", "co.uk", "de"),
    );
    const decorated = fc
      .tuple(
        fc.constantFrom("", "http://", "https://", "HTTPS://", "//"),
        fc.constantFrom("", "www.", "WWW."),
        host,
        fc.constantFrom("", ":8080", ":443"),
        fc.constantFrom("", "/", "/path?q=1", "#frag", "."),
      )
      .map(
        ([scheme, www, [labels, tld], port, rest]) =>
          `${scheme}${www}${labels.join(".")}.${tld}${port}${rest}`,
      );
    fc.assert(
      fc.property(fc.oneof(decorated, fc.string({ maxLength: 80 })), (input) => {
        const once = normaliseDomain(input);
        if (!once.ok) return;
        expect(once.value).toMatch(/^[a-z0-9.-]+$/);
        expect(once.value.length).toBeLessThanOrEqual(253);
        expect(normaliseDomain(once.value)).toEqual(once);
      }),
      { numRuns: 300 },
    );
  });
});
