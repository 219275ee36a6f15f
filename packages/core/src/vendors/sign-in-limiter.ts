import { DomainError } from "../shared/errors";

/**
 * Failed sign-ins per email and per client address in a sliding window. In-process: with several
 * API processes each keeps its own count, which still bounds guessing to N × limit per window.
 */
export interface SignInLimiter {
  /** Throws `rate_limited` when either key has failed too often. */
  check(keys: string[], now?: number): void;
  fail(keys: string[], now?: number): void;
  reset(keys: string[]): void;
}

export function createSignInLimiter(options: { max?: number; windowMs?: number } = {}): SignInLimiter {
  const max = options.max ?? 10;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => {
    const list = (failures.get(key) ?? []).filter((t) => now - t < windowMs);
    if (list.length === 0) failures.delete(key);
    else failures.set(key, list);
    return list;
  };
  return {
    check(keys, now = Date.now()) {
      for (const key of keys) {
        // An address may be shared (an office behind NAT): it gets five times an account's allowance.
        const limit = key.startsWith("ip:") ? max * 5 : max;
        if (recent(key, now).length >= limit) {
          throw new DomainError("rate_limited", "Too many failed sign-ins. Try again later.");
        }
      }
    },
    fail(keys, now = Date.now()) {
      for (const key of keys) failures.set(key, [...recent(key, now), now]);
      if (failures.size > 50_000) failures.clear();
    },
    reset(keys) {
      for (const key of keys) failures.delete(key);
    },
  };
}
