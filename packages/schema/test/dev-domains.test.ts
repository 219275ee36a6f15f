import { describe, expect, it } from "vitest";
import {
  DevDomainPatterns,
  devDomainPatternProblem,
  developmentHost,
  isDevelopmentDomain,
} from "../src/dev-domains";

describe("isDevelopmentDomain: the built-in rules", () => {
  it.each([
    "localhost",
    "http://localhost:3000/wp-admin",
    "LOCALHOST.",
    "127.0.0.1",
    "127.8.9.10",
    "10.0.0.1",
    "10.255.255.255",
    "172.16.0.1",
    "172.31.255.254",
    "192.168.1.20",
    "https://192.168.1.20:8443/",
    "::1",
    "[::1]",
    "http://[::1]:8080/",
    "0:0:0:0:0:0:0:1",
    "fc00::1",
    "fd12:3456:789a::1",
    "fe80::1",
    "febf::abcd",
    "[fe80::1%25eth0]",
    "shop.local",
    "a.b.local",
    "site.test",
    "app.localhost",
    "staging.example.com",
    "staging.shop.example.co.uk",
    "dev.example.com",
    "https://www.dev.example.com/path",
  ])("%s is a development address", (domain) => {
    expect(isDevelopmentDomain(domain)).toBe(true);
  });

  it.each([
    "example.com",
    "devices.com",
    "mystaging.com",
    "staging-example.com",
    "dev.to",
    "staging.com",
    "example.dev",
    "localhost.com",
    "local.example.com",
    "test.example.com",
    "example.testing",
    "8.8.8.8",
    "172.15.0.1",
    "172.32.0.1",
    "192.169.0.1",
    "11.0.0.1",
    "126.0.0.1",
    "256.1.1.1",
    "2001:db8::1",
    "fec0::1",
    "::2",
    "",
  ])("%s is not", (domain) => {
    expect(isDevelopmentDomain(domain)).toBe(false);
  });
});

describe("isDevelopmentDomain: the vendor's patterns", () => {
  const patterns = ["*.preview.example.com", "qa.*", "sandbox.example.org"];

  it.each(["pr-12.preview.example.com", "a.b.preview.example.com", "qa.example.net", "sandbox.example.org"])(
    "%s matches",
    (domain) => {
      expect(isDevelopmentDomain(domain, patterns)).toBe(true);
    },
  );

  it.each([
    "preview.example.com",
    "xpreview.example.com",
    "qa.io",
    "myqa.example.net",
    "www2.sandbox.example.org",
  ])("%s does not", (domain) => {
    expect(isDevelopmentDomain(domain, patterns)).toBe(false);
  });

  it("applies only to the product that lists them", () => {
    expect(isDevelopmentDomain("pr-12.preview.example.com")).toBe(false);
  });

  it("each product's list answers for itself, however often either was checked before", () => {
    const other = ["*.staging-env.example.com"];
    for (let round = 0; round < 3; round++) {
      expect(isDevelopmentDomain("pr-12.preview.example.com", patterns)).toBe(true);
      expect(isDevelopmentDomain("pr-12.preview.example.com", other)).toBe(false);
      expect(isDevelopmentDomain("eu.staging-env.example.com", other)).toBe(true);
      expect(isDevelopmentDomain("eu.staging-env.example.com", patterns)).toBe(false);
    }
  });
});

describe("developmentHost", () => {
  it("gives the host of addresses that are no domain names", () => {
    expect(developmentHost("http://localhost:8080/x")).toBe("localhost");
    expect(developmentHost("192.168.0.10:80")).toBe("192.168.0.10");
    expect(developmentHost("[::1]:3000")).toBe("::1");
  });

  it("is null for domain names and public addresses", () => {
    expect(developmentHost("staging.example.com")).toBeNull();
    expect(developmentHost("8.8.8.8")).toBeNull();
    expect(developmentHost("2001:db8::1")).toBeNull();
  });
});

describe("vendor patterns are checked on save", () => {
  it.each(["*.preview.example.com", "qa.*", "sandbox.example.org", "*.staging.acme.io"])(
    "%s is valid",
    (p) => {
      expect(devDomainPatternProblem(p)).toBeNull();
    },
  );

  it.each(["", "*", "*.*", "com", "*.com", "a.*.com", "exa mple.com", "-bad.example.com", "ex_ample.com"])(
    "%s is refused",
    (p) => {
      expect(devDomainPatternProblem(p)).not.toBeNull();
    },
  );

  it("the contract lower-cases and refuses bad ones", () => {
    expect(DevDomainPatterns.parse(["*.Preview.Example.COM"])).toEqual(["*.preview.example.com"]);
    expect(DevDomainPatterns.safeParse(["a.*.com"]).success).toBe(false);
  });
});
