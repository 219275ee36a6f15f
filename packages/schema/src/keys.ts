/**
 * License key formats (browser-safe). Keys are generated from an unambiguous alphabet but
 * checked against [A-Z0-9], so keys issued elsewhere (e.g. `ABCDEF1234567890`) stay valid.
 */
export interface KeyFormat {
  prefix: string;
  groups: number;
  groupLength: number;
  separator: string;
  alphabet: string;
}

/** What may stand between a key's groups (`ABCD-EFGH`). */
export const KEY_SEPARATORS = ["-", "_", "."] as const;
export type KeySeparator = (typeof KEY_SEPARATORS)[number];

export const UNAMBIGUOUS_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export const DEFAULT_KEY_FORMAT: KeyFormat = {
  prefix: "",
  groups: 4,
  groupLength: 4,
  separator: "-",
  alphabet: UNAMBIGUOUS_ALPHABET,
};

/** The longest key any format may produce; longer input is rejected before any work. */
export const MAX_KEY_LENGTH = 128;

/** Canonical form of a key as typed: trimmed and upper-cased. */
export function normaliseKey(input: string): string {
  return input.trim().toUpperCase();
}

const patternCache = new Map<string, RegExp>();
/** Per format object too: verification asks for the same (cached) product's format each time. */
const patternByFormat = new WeakMap<KeyFormat, RegExp>();

export function keyPattern(format: KeyFormat): RegExp {
  const known = patternByFormat.get(format);
  if (known) return known;
  const id = `${format.prefix}|${format.groups}|${format.groupLength}|${format.separator}`;
  let re = patternCache.get(id);
  if (!re) {
    const sep = escapeRegExp(format.separator);
    const group = `[A-Z0-9]{${format.groupLength}}`;
    const body = Array.from({ length: format.groups }, () => group).join(sep);
    const prefix = format.prefix ? `${escapeRegExp(format.prefix.toUpperCase())}${sep}` : "";
    re = new RegExp(`^${prefix}${body}$`);
    patternCache.set(id, re);
  }
  patternByFormat.set(format, re);
  return re;
}

/** True when `key` (already normalised) has the shape of `format`. */
export function matchesKeyFormat(format: KeyFormat, key: string): boolean {
  return key.length <= MAX_KEY_LENGTH && keyPattern(format).test(key);
}

/** Shape any Keyway key has, whatever its product: used before the product is known. */
export function isPlausibleKey(key: string): boolean {
  return key.length >= 4 && key.length <= MAX_KEY_LENGTH && /^[A-Z0-9]+(?:[-_.][A-Z0-9]+)*$/.test(key);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
