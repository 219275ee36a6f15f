// The userland punycode package (not Node's deprecated built-in of the same name), so this
// runs unchanged in the browser.
import punycode from "punycode/punycode.js";
import { hasControlCharacters } from "./primitives";

/**
 * Binding-value normalisation, shared by the server and the portal (browser-safe: no Node APIs).
 * A license binds to a domain, a serial number or a machine fingerprint; each is stored in one
 * canonical form so `https://www.Example.com/path` and `example.com` are the same seat.
 */

export type NormaliseResult = { ok: true; value: string } | { ok: false; reason: string };

const MAX_DOMAIN_INPUT = 2048;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// `xn--` labels may carry `--` in positions 3-4; LABEL already allows inner hyphens.

/**
 * `https://www.Example.com:8080/path?q#x` → `example.com`. Lower-cases, strips scheme,
 * credentials, `www.`, port, path, query, fragment and a trailing dot; converts IDN to punycode.
 * Rejects IP addresses, empty labels, labels over 63 and names over 253 characters,
 * single-label names (`localhost`) and control characters (which IDNA would otherwise encode).
 */
export function normaliseDomain(input: string): NormaliseResult {
  if (typeof input !== "string") return fail("not a string");
  // Most verifications send the domain already in canonical form: skip the rewriting and IDNA.
  if (input.length <= 253 && CANONICAL.test(input)) return checkLabels(input);
  let s = input.trim();
  if (s.length === 0) return fail("empty");
  if (s.length > MAX_DOMAIN_INPUT) return fail("too long");
  if (hasControlCharacters(s)) return fail("contains control characters");
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").replace(/^\/\//, "");
  // Authority ends at the first of / ? #
  s = s.split(/[/?#\\]/, 1)[0] ?? "";
  const at = s.lastIndexOf("@");
  if (at >= 0) s = s.slice(at + 1);
  if (s.startsWith("[")) return fail("IP addresses are not accepted");
  s = s.replace(/:\d*$/, "");
  s = s.toLowerCase().replace(/\.$/, "");
  // `www.` is an alias of the name below it (repeatedly, so the result is idempotent); `www.com` stays.
  while (s.startsWith("www.") && s.indexOf(".", 4) > 4) s = s.slice(4);
  if (s.length === 0) return fail("empty");
  if (/\s/.test(s)) return fail("contains whitespace");

  let ascii: string;
  try {
    // Full-width dots (IDNA) count as separators.
    ascii = punycode.toASCII(s.replace(/[\u3002\uff0e\uff61]/g, "."));
  } catch {
    return fail("invalid internationalised name");
  }
  ascii = ascii.toLowerCase();
  if (ascii.length > 253) return fail("name longer than 253 characters");
  return checkLabels(ascii);
}

/** Lower-case ASCII labels, not starting with `www.`: the rewriting above would not change it. */
const CANONICAL = /^(?!www\.)[a-z0-9-]+(?:\.[a-z0-9-]+)+$/;

function checkLabels(ascii: string): NormaliseResult {
  const labels = ascii.split(".");
  if (labels.length < 2) return fail("needs at least two labels");
  for (const label of labels) {
    if (label.length === 0) return fail("empty label");
    if (label.length > 63) return fail("label longer than 63 characters");
    if (!LABEL.test(label)) return fail("invalid characters");
  }
  if (isIpv4(labels)) return fail("IP addresses are not accepted");
  if (/^\d+$/.test(labels[labels.length - 1] ?? "")) return fail("numeric top-level label");
  return { ok: true, value: ascii };
}

function isIpv4(labels: string[]): boolean {
  return labels.length === 4 && labels.every((l) => /^\d{1,3}$/.test(l));
}

/**
 * Busy serial numbers: `B-12345678`, `b 12345678` and `12345678` are the same installation.
 * The canonical value is the digits; the caller keeps what was typed as the label.
 */
export function normaliseSerial(input: string): NormaliseResult {
  if (typeof input !== "string") return fail("not a string");
  const s = input.trim().toUpperCase();
  if (s.length === 0 || s.length > 64) return fail("empty or too long");
  const m = /^(?:[A-Z]{1,3}[-\s]?)?(\d{4,20})$/.exec(s);
  if (m?.[1]) return { ok: true, value: m[1] };
  // Other vendors' serials: letters, digits and dashes, compared case-insensitively.
  if (/^[A-Z0-9][A-Z0-9-]{2,63}$/.test(s)) return { ok: true, value: s };
  return fail("invalid serial number");
}

/** Machine fingerprints: opaque tokens, compared trimmed and lower-cased (hex hashes, UUIDs). */
export function normaliseFingerprint(input: string): NormaliseResult {
  if (typeof input !== "string") return fail("not a string");
  const s = input.trim().toLowerCase();
  if (s.length < 4 || s.length > 256) return fail("fingerprint must be 4 to 256 characters");
  if (!/^[a-z0-9][a-z0-9:._-]*$/.test(s)) return fail("invalid characters");
  return { ok: true, value: s };
}

export type BindingScopeKind = "domain" | "serial" | "fingerprint";

/** Normalises a binding value of the given kind. */
export function normaliseBinding(kind: BindingScopeKind, input: string): NormaliseResult {
  switch (kind) {
    case "domain":
      return normaliseDomain(input);
    case "serial":
      return normaliseSerial(input);
    case "fingerprint":
      return normaliseFingerprint(input);
  }
}

function fail(reason: string): NormaliseResult {
  return { ok: false, reason };
}
