import { lookup as dnsLookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { DomainError } from "../shared/errors";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (dns.lookup with `all`), as the OS would connect. */
export type LookupAll = (hostname: string) => Promise<ResolvedAddress[]>;

export interface WebhookUrlPolicy {
  /** Development and tests: any address is fine. Production: public unicast addresses only. */
  allowPrivate: boolean;
  /** DNS resolution; the system resolver unless a test passes its own. */
  lookup?: LookupAll;
}

export const systemLookup: LookupAll = async (hostname) => {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/**
 * A `LookupAll` that remembers each host's answer for `ttlMs` (concurrent lookups of one host
 * share one query), so a worker does not ask the resolver once per delivery. Failures are not
 * remembered. Only the answer is cached: `resolveWebhookTarget` still checks every address
 * each time, and the delivery still connects only to the addresses it checked.
 */
export function cachedLookup(
  lookup: LookupAll,
  options: { ttlMs: number; maxHosts?: number; now?: () => number },
): LookupAll {
  const maxHosts = options.maxHosts ?? 1_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { at: number; answer: Promise<ResolvedAddress[]> }>();
  return (hostname) => {
    const key = hostname.toLowerCase();
    const hit = cache.get(key);
    if (hit && now() - hit.at < options.ttlMs) return hit.answer;
    if (hit) cache.delete(key);
    const answer = lookup(hostname);
    const entry = { at: now(), answer };
    if (cache.size >= maxHosts) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(key, entry);
    answer.catch(() => {
      if (cache.get(key) === entry) cache.delete(key);
    });
    return answer;
  };
}

/**
 * True only for a public unicast address. Loopback, private (RFC 1918), link-local (including
 * the cloud metadata address 169.254.169.254), CGNAT (100.64/10), unique-local (fc00::/7),
 * multicast, reserved, documentation and translation ranges are all refused; an IPv4-mapped
 * IPv6 address is judged as the IPv4 address it carries.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "unicast";
}

/** Parses and shape-checks a webhook URL; every surface shows the same message. */
export function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DomainError("invalid_input", "The webhook URL is not a valid URL.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new DomainError("invalid_input", "The webhook URL must start with http:// or https://.");
  if (url.username || url.password)
    throw new DomainError("invalid_input", "The webhook URL must not contain credentials.");
  if (!url.hostname) throw new DomainError("invalid_input", "The webhook URL has no host.");
  return url;
}

/**
 * Where a delivery may connect. With private addresses allowed, `null` (connect as usual);
 * otherwise the checked addresses, which the delivery pins so a second DNS answer cannot
 * point the connection somewhere else (DNS rebinding). Throws `invalid_input` when any
 * address the name resolves to is not public.
 */
export async function resolveWebhookTarget(
  url: URL,
  policy: WebhookUrlPolicy,
): Promise<ResolvedAddress[] | null> {
  if (policy.allowPrivate) return null;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: ResolvedAddress[];
  if (ipaddr.isValid(host)) {
    addresses = [{ address: host, family: ipaddr.parse(host).kind() === "ipv6" ? 6 : 4 }];
  } else {
    try {
      addresses = await (policy.lookup ?? systemLookup)(host);
    } catch {
      throw new DomainError("invalid_input", "The webhook URL's host name does not resolve.");
    }
  }
  if (addresses.length === 0)
    throw new DomainError("invalid_input", "The webhook URL's host name does not resolve.");
  if (!addresses.every((a) => isPublicAddress(a.address)))
    throw new DomainError(
      "invalid_input",
      "The webhook URL points to a private, loopback, link-local or metadata address.",
    );
  return addresses;
}
