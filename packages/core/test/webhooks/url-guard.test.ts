import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/shared/errors";
import { generateWebhookSecret, signWebhook } from "../../src/webhooks/signing";
import {
  cachedLookup,
  isPublicAddress,
  parseWebhookUrl,
  type ResolvedAddress,
  resolveWebhookTarget,
} from "../../src/webhooks/url-guard";

const production = { allowPrivate: false };

async function refused(url: string, policy: Parameters<typeof resolveWebhookTarget>[1] = production) {
  const error = await resolveWebhookTarget(parseWebhookUrl(url), policy).then(
    () => null,
    (e: unknown) => e,
  );
  return error instanceof DomainError && error.code === "invalid_input";
}

describe("webhook URL guard (SSRF)", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "cloud metadata (link-local)"],
    ["169.254.1.1", "link-local"],
    ["100.64.0.1", "CGNAT"],
    ["0.0.0.0", "unspecified"],
    ["255.255.255.255", "broadcast"],
    ["224.0.0.1", "multicast"],
    ["::1", "IPv6 loopback"],
    ["::", "IPv6 unspecified"],
    ["fc00::1", "unique-local"],
    ["fd00:ec2::254", "unique-local (AWS metadata over IPv6)"],
    ["fe80::1", "IPv6 link-local"],
    ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
    ["::ffff:169.254.169.254", "IPv4-mapped metadata"],
    ["64:ff9b::a00:1", "NAT64 of a private address"],
  ])("refuses %s (%s)", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])(
    "accepts the public address %s",
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  it("refuses URLs whose literal host is private, in every spelling the URL parser accepts", async () => {
    for (const url of [
      "http://127.0.0.1/hook",
      "http://[::1]:8080/hook",
      "http://[::ffff:7f00:1]/hook",
      "http://0x7f.0.0.1/hook",
      "http://2130706433/hook",
      "http://169.254.169.254/latest/meta-data/",
      "https://10.0.0.5/",
    ])
      expect(await refused(url), url).toBe(true);
  });

  it("refuses a name that resolves to loopback (localhost), and any name with one private address", async () => {
    expect(await refused("http://localhost:3000/hook")).toBe(true);
    const mixed = async () => [
      { address: "93.184.215.14", family: 4 as const },
      { address: "10.0.0.7", family: 4 as const },
    ];
    expect(await refused("https://hooks.example.com/x", { allowPrivate: false, lookup: mixed })).toBe(true);
    const unresolvable = async () => {
      throw new Error("ENOTFOUND");
    };
    expect(await refused("https://nowhere.invalid/x", { allowPrivate: false, lookup: unresolvable })).toBe(
      true,
    );
  });

  it("accepts public targets and returns the addresses to pin; allows anything when private URLs are allowed", async () => {
    const pinned = await resolveWebhookTarget(parseWebhookUrl("https://8.8.8.8/hook"), production);
    expect(pinned).toEqual([{ address: "8.8.8.8", family: 4 }]);
    const publicName = async () => [{ address: "93.184.215.14", family: 4 as const }];
    expect(
      await resolveWebhookTarget(parseWebhookUrl("https://hooks.example.com/x"), {
        allowPrivate: false,
        lookup: publicName,
      }),
    ).toEqual([{ address: "93.184.215.14", family: 4 }]);
    expect(
      await resolveWebhookTarget(parseWebhookUrl("http://127.0.0.1/x"), { allowPrivate: true }),
    ).toBeNull();
  });

  it("refuses what is not an http(s) URL, and URLs carrying credentials", () => {
    for (const url of [
      "ftp://example.com/",
      "file:///etc/passwd",
      "not a url",
      "http://user:pw@example.com/",
    ])
      expect(() => parseWebhookUrl(url), url).toThrow(DomainError);
  });

  it("a cached lookup reuses a host's answer for its TTL only, shares one query, forgets failures, and is still checked", async () => {
    let now = 0;
    let calls = 0;
    let answer: ResolvedAddress[] = [{ address: "93.184.215.14", family: 4 }];
    let fail = false;
    const lookup = cachedLookup(
      async () => {
        calls++;
        if (fail) throw new Error("SERVFAIL");
        return answer;
      },
      { ttlMs: 10_000, now: () => now },
    );
    const policy = { allowPrivate: false, lookup };
    const url = parseWebhookUrl("https://hooks.example.com/x");
    const [a, b] = await Promise.all([resolveWebhookTarget(url, policy), resolveWebhookTarget(url, policy)]);
    expect(a).toEqual(answer);
    expect(b).toEqual(answer);
    expect(calls).toBe(1);
    // The name now points at a private address: refused once the cached answer has expired.
    answer = [{ address: "10.0.0.7", family: 4 }];
    now += 9_999;
    expect(await resolveWebhookTarget(url, policy)).toEqual([{ address: "93.184.215.14", family: 4 }]);
    now += 2;
    expect(await refused("https://hooks.example.com/x", policy)).toBe(true);
    expect(calls).toBe(2);
    // A failed lookup is asked again next time.
    now += 10_001;
    fail = true;
    expect(await refused("https://hooks.example.com/x", policy)).toBe(true);
    fail = false;
    answer = [{ address: "93.184.215.15", family: 4 }];
    expect(await resolveWebhookTarget(url, policy)).toEqual(answer);
    expect(calls).toBe(4);
  });
});

describe("webhook signing", () => {
  it("signs exactly as the standardwebhooks library does, with one signature per secret", () => {
    const secretA = generateWebhookSecret();
    const secretB = generateWebhookSecret();
    const at = new Date("2026-01-02T03:04:05.678Z");
    const body = JSON.stringify({ id: "evt_1", type: "license.renewed", data: { note: "héllo ✓" } });
    expect(signWebhook([secretA], "msg_1", at, body)).toBe(new Webhook(secretA).sign("msg_1", at, body));
    expect(signWebhook([secretA, secretB], "msg_1", at, body)).toBe(
      `${new Webhook(secretA).sign("msg_1", at, body)} ${new Webhook(secretB).sign("msg_1", at, body)}`,
    );
    expect(() => signWebhook(["whsec_"], "msg_1", at, body)).toThrow();
  });
});
