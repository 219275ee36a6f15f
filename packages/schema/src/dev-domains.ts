import { z } from "zod";
import { singleLine } from "./primitives";

/**
 * Development and staging addresses (as Freemius counts them): a license verifies there without
 * binding or counting a seat. Built in: `localhost`, IP literals of private ranges (10/8,
 * 172.16/12, 192.168/16, 127/8, ::1, fc00::/7, fe80::/10), `*.local`, `*.test`, `*.localhost`,
 * `staging.*` and `dev.*`; beside them each product's own patterns (`*.preview.example.com`).
 * Pure and browser-safe: the console validates patterns with the same code the server matches with.
 *
 * A pattern is dot-separated labels, `*` allowed only as the whole first or last label:
 * a leading `*` stands for one or more labels (`*.preview.example.com` matches
 * `pr-12.preview.example.com`, not `preview.example.com`); a trailing `*` for a registrable name
 * of two or more labels (`staging.*` matches `staging.example.com`, not `staging.com`).
 */

export const MAX_DEV_DOMAIN_PATTERNS = 20;

const BUILT_IN_PATTERNS = ["*.local", "*.test", "*.localhost", "staging.*", "dev.*"].map(compilePattern);

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Whether `domain` (normalised, or as the client sent it: a URL, `host:port`, `[::1]`) is a
 * development or staging address, by the built-in rules or one of `vendorPatterns`.
 */
export function isDevelopmentDomain(domain: string, vendorPatterns: readonly string[] = []): boolean {
  const host = hostOf(domain);
  if (!host) return false;
  if (isPrivateAddress(host) || host === "localhost") return true;
  const labels = host.split(".");
  if (labels.some((l) => l.length === 0)) return false;
  return (
    BUILT_IN_PATTERNS.some((p) => matchesPattern(labels, p)) ||
    compiledVendorPatterns(vendorPatterns).some((p) => matchesPattern(labels, p))
  );
}

/**
 * A product's patterns, split once per list: the verification cache holds one product object
 * (and so one list) for all the licenses of a product and plan, so its patterns are split on
 * the first development-domain check, not on every one.
 */
const vendorPatternCache = new WeakMap<readonly string[], Pattern[]>();

function compiledVendorPatterns(patterns: readonly string[]): Pattern[] {
  if (patterns.length === 0) return [];
  let compiled = vendorPatternCache.get(patterns);
  if (!compiled) {
    compiled = patterns.map((p) => compilePattern(p.toLowerCase()));
    vendorPatternCache.set(patterns, compiled);
  }
  return compiled;
}

/**
 * The host of a built-in development address that is not a domain name (`localhost`, a private
 * IP literal), as the seat value would show it; null for anything else. Domain normalisation
 * refuses these, so a verification asks here before refusing the input.
 */
export function developmentHost(input: string): string | null {
  const host = hostOf(input);
  if (!host) return null;
  return host === "localhost" || isPrivateAddress(host) ? host : null;
}

/** Why a vendor pattern is refused (null when it is valid). */
export function devDomainPatternProblem(pattern: string): string | null {
  const p = pattern.trim().toLowerCase();
  if (p.length === 0) return "empty";
  if (p.length > 253) return "longer than 253 characters";
  const labels = p.split(".");
  if (labels.length < 2) return "needs at least two labels (e.g. *.preview.example.com)";
  for (const [i, label] of labels.entries()) {
    if (label === "*") {
      if (i !== 0 && i !== labels.length - 1) return "`*` may only be the first or the last label";
      continue;
    }
    if (!LABEL.test(label)) return `invalid label “${label}”`;
  }
  if (labels.every((l) => l === "*")) return "needs at least one label that is not `*`";
  if (labels[0] === "*" && labels.length < 3) return "a leading `*` needs a name of two labels after it";
  return null;
}

/** A product's own pattern, lower-cased and checked (`*.preview.example.com`, `qa.*`). */
export const DevDomainPattern = singleLine(z.string().trim().toLowerCase().min(1).max(253))
  .superRefine((value, ctx) => {
    const problem = devDomainPatternProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `Not a domain pattern: ${problem}.` });
  })
  .meta({ example: "*.preview.example.com" });

export const DevDomainPatterns = z
  .array(DevDomainPattern)
  .max(MAX_DEV_DOMAIN_PATTERNS)
  .meta({
    description:
      "Your own development/staging domain patterns, beside the built-in ones (localhost, private IPs, *.local, *.test, *.localhost, staging.*, dev.*): a license verifies there without taking a seat. `*` may be the first label (one or more labels) or the last (a name of two or more labels).",
    example: ["*.preview.example.com"],
  });

/** A pattern split once (the built-in ones at load, a product's on its first check). */
interface Pattern {
  /** Where its `*` stands, if it has one. */
  star: "first" | "last" | null;
  /** Its other labels, in order. */
  labels: string[];
}

function compilePattern(pattern: string): Pattern {
  const parts = pattern.split(".");
  if (parts[0] === "*") return { star: "first", labels: parts.slice(1) };
  if (parts[parts.length - 1] === "*") return { star: "last", labels: parts.slice(0, -1) };
  return { star: null, labels: parts };
}

function matchesPattern(labels: string[], pattern: Pattern): boolean {
  const n = pattern.labels.length;
  switch (pattern.star) {
    case "first":
      return labels.length > n && labelsAt(labels, labels.length - n, pattern.labels);
    case "last":
      return labels.length >= n + 2 && labelsAt(labels, 0, pattern.labels);
    case null:
      return labels.length === n && labelsAt(labels, 0, pattern.labels);
  }
}

/** Whether `labels` holds `expected` from index `from` on. */
function labelsAt(labels: string[], from: number, expected: string[]): boolean {
  for (let i = 0; i < expected.length; i++) if (labels[from + i] !== expected[i]) return false;
  return true;
}

/** The host part of a domain, URL or `host:port`, lower-cased (IPv6 without brackets). */
function hostOf(input: string): string | null {
  if (typeof input !== "string") return null;
  let s = input.trim().toLowerCase();
  if (s.length === 0 || s.length > 2048) return null;
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, "").replace(/^\/\//, "");
  s = s.split(/[/?#\\]/, 1)[0] ?? "";
  const at = s.lastIndexOf("@");
  if (at >= 0) s = s.slice(at + 1);
  if (s.startsWith("[")) {
    const end = s.indexOf("]");
    return end > 1 ? s.slice(1, end) : null;
  }
  // More than one colon: a bare IPv6 literal; one: host:port.
  if ((s.match(/:/g) ?? []).length === 1) s = s.replace(/:\d*$/, "");
  s = s.replace(/\.$/, "");
  while (s.startsWith("www.") && s.indexOf(".", 4) > 4) s = s.slice(4);
  return s.length > 0 ? s : null;
}

function isPrivateAddress(host: string): boolean {
  return host.includes(":") ? isPrivateIpv6(host) : isPrivateIpv4(host);
}

function isPrivateIpv4(host: string): boolean {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return false;
  const [a, b] = parts.map(Number) as [number, number, number, number];
  if (parts.some((p) => Number(p) > 255)) return false;
  return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

function isPrivateIpv6(host: string): boolean {
  const address = host.split("%", 1)[0] ?? "";
  const groups = ipv6Groups(address);
  if (!groups) return false;
  const first = groups[0] ?? 0;
  const loopback = groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1;
  return loopback || (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
}

/** The eight 16-bit groups of an IPv6 literal (with at most one `::`), or null. */
function ipv6Groups(address: string): number[] | null {
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string | undefined) => (part ? part.split(":") : []);
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  if (![...head, ...tail].every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  return [...head, ...Array<string>(halves.length === 1 ? 0 : missing).fill("0"), ...tail].map((g) =>
    Number.parseInt(g, 16),
  );
}
