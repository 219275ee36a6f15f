import { DomainError } from "../shared/errors";

/**
 * Failed sign-ins per email and per client address. The one rule: an account may fail `max`
 * times in a window, an address (maybe an office behind NAT) five times that. Where the counts
 * live is the host's choice: `createSignInLimiter` keeps them in this process (a sliding
 * window; with several processes each keeps its own, which still bounds guessing to N × limit),
 * the API's shared store keeps them in Redis for every process at once (apps/api/src/rate-limit).
 */
export interface SignInLimiter {
  /** Throws `rate_limited` when either key has failed too often. */
  check(keys: string[], now?: number): Promise<void>;
  fail(keys: string[], now?: number): Promise<void>;
  reset(keys: string[]): Promise<void>;
}

export const SIGN_IN_FAILURES_MAX = 10;
export const SIGN_IN_WINDOW_MS = 15 * 60_000;

/** How many failures `key` may have in a window (addresses get five times an account's). */
export function signInAllowance(key: string, max = SIGN_IN_FAILURES_MAX): number {
  return key.startsWith("ip:") ? max * 5 : max;
}

export function tooManySignIns(): DomainError {
  return new DomainError("rate_limited", "Too many failed sign-ins. Try again later.");
}

export function createSignInLimiter(options: { max?: number; windowMs?: number } = {}): SignInLimiter {
  const max = options.max ?? SIGN_IN_FAILURES_MAX;
  const windowMs = options.windowMs ?? SIGN_IN_WINDOW_MS;
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => {
    const list = (failures.get(key) ?? []).filter((t) => now - t < windowMs);
    if (list.length === 0) failures.delete(key);
    else failures.set(key, list);
    return list;
  };
  return {
    async check(keys, now = Date.now()) {
      for (const key of keys) {
        if (recent(key, now).length >= signInAllowance(key, max)) throw tooManySignIns();
      }
    },
    async fail(keys, now = Date.now()) {
      for (const key of keys) failures.set(key, [...recent(key, now), now]);
      if (failures.size > 50_000) failures.clear();
    },
    async reset(keys) {
      for (const key of keys) failures.delete(key);
    },
  };
}
