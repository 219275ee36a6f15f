import {
  createSignInLimiter,
  DomainError,
  SIGN_IN_FAILURES_MAX,
  SIGN_IN_WINDOW_MS,
  type SignInLimiter,
  signInAllowance,
  tooManySignIns,
} from "@keyway/core";
import type { AppDeps } from "../deps";
import type { SharedCounters } from "./shared-counters";

/**
 * Core's sign-in rule (vendors/sign-in-limiter.ts) counted in Redis, for every process at once:
 * a fixed window per email and per address. Fails closed: with the counters unreachable, a
 * sign-in is refused (guessing must not get easier because Redis is down), with words saying so.
 */
export function sharedSignInLimiter(
  counters: SharedCounters,
  options: { max?: number; windowMs?: number } = {},
): SignInLimiter {
  const max = options.max ?? SIGN_IN_FAILURES_MAX;
  const windowMs = options.windowMs ?? SIGN_IN_WINDOW_MS;
  const name = (key: string) => `signin:${key}`;
  return {
    async check(keys) {
      const counts = await counters.counts(keys.map(name));
      if (counts === null) {
        throw new DomainError(
          "rate_limited",
          "Sign-in is paused for a moment (its safety counters are unreachable). Try again shortly.",
        );
      }
      keys.forEach((key, i) => {
        if ((counts[i] ?? 0) >= signInAllowance(key, max)) throw tooManySignIns();
      });
    },
    async fail(keys) {
      for (const key of keys) await counters.hit(name(key), windowMs);
    },
    async reset(keys) {
      await counters.forget(keys.map(name));
    },
  };
}

/** One limiter per server: shared when REDIS_URL is set, else in this process. */
const limiters = new WeakMap<AppDeps["config"], SignInLimiter>();
export function signInLimiterOf(deps: Pick<AppDeps, "config" | "counters">): SignInLimiter {
  let limiter = limiters.get(deps.config);
  if (!limiter) {
    limiter = deps.counters ? sharedSignInLimiter(deps.counters) : createSignInLimiter();
    limiters.set(deps.config, limiter);
  }
  return limiter;
}
