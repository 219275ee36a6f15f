import { activationView, DomainError, licenseSummaryView, type VerificationOutcome } from "@keyway/core";
import type { ValidateLicenseOutput } from "@keyway/schema";
import type { AppDeps } from "../../../deps";
import { verificationLimiters } from "../../../rate-limit/verification-limits";
import { publicProcedure } from "../../procedures";

/** The binding scope of a validate/activate/deactivate input (at most one is set). */
export function scopeOf(input: {
  domain?: string | undefined;
  serial?: string | undefined;
  fingerprint?: string | undefined;
}) {
  if (input.domain !== undefined) return { kind: "domain" as const, value: input.domain };
  if (input.serial !== undefined) return { kind: "serial" as const, value: input.serial };
  if (input.fingerprint !== undefined) return { kind: "fingerprint" as const, value: input.fingerprint };
  return null;
}

/** A successful verification as the native API shows it, with where it stands in its term. */
export function verificationAnswer(
  outcome: Extract<VerificationOutcome, { ok: true }>,
): ValidateLicenseOutput {
  return {
    valid: true,
    license: licenseSummaryView(outcome.snapshot, outcome.verifiedAt),
    activation: outcome.activation ? activationView(outcome.activation) : null,
    entitlements: outcome.entitlements,
    binding: outcome.development ? "development" : outcome.activation ? "seat" : null,
    certificate: outcome.certificate,
    expired: outcome.standing.expired,
    grace: outcome.standing.state === "grace",
    graceEndsAt: outcome.standing.graceEndsAt?.toISOString() ?? null,
  };
}

export function certificateOption(deps: AppDeps, wanted: boolean | undefined) {
  return wanted ? { secrets: deps.secrets } : null;
}

/**
 * Public verification procedures (the key is the credential): rate limited per IP and per key
 * on /trpc too. REST callers reach the same code through the plain hot-path routes
 * (plugins/license-verification.ts), limited by @fastify/rate-limit there.
 */
export const verificationProcedure = publicProcedure.use(async ({ ctx, next, getRawInput }) => {
  const limiters = verificationLimiters(ctx);
  if (limiters.enabled) {
    const raw = (await getRawInput().catch(() => undefined)) as { key?: unknown } | undefined;
    const byIp = await limiters.perIp.hit(`ip:${ctx.ip}`);
    const byKey =
      typeof raw?.key === "string"
        ? await limiters.perKey.hit(`key:${raw.key.trim().toUpperCase().slice(0, 256)}`)
        : null;
    const refused = !byIp.ok ? byIp : byKey && !byKey.ok ? byKey : null;
    if (refused && !refused.ok) {
      throw new DomainError("rate_limited", "Too many requests.", { retryAfter: refused.retryAfter });
    }
  }
  return next();
});
