import formbody from "@fastify/formbody";
import { formatLocalDate, formatLocalDateTime, type LicenseSnapshot, verifyLicense } from "@keyway/core";
import { AuditActor, developmentHost, isPlausibleKey, normaliseDomain, normaliseKey } from "@keyway/schema";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppDeps } from "../../deps";
import { acceptNonce, markSigningVendor } from "../../http/answer-signing";
import { errorHandlerFor } from "../../http/error-envelopes";
import { applyVerificationLimits, bodyField } from "../../rate-limit/verification-limits";
import { blenddoitError, MESSAGES } from "./envelope";

/**
 * The Blenddoit dialect (seed 002): `POST /api/verify-license.php`, form-encoded (or JSON),
 * public and rate limited. Answers exactly the seed's bodies; status codes in ./envelope.ts.
 * A translation layer only: the rules are core's `verifyLicense`.
 */
export async function blenddoitDialect(app: FastifyInstance, deps: AppDeps) {
  // Form bodies are parsed in this plugin's scope only.
  await app.register(formbody, { bodyLimit: 32 * 1024 });

  // Failures before the route (body, size, content type, rate limit) in Blenddoit's envelope.
  app.setErrorHandler(errorHandlerFor("blenddoit"));

  await applyVerificationLimits(app, deps, (request) => bodyField(request, "license_key"));

  app.post("/api/verify-license.php", { bodyLimit: 32 * 1024 }, (request, reply) =>
    verifyLicenseRoute(deps, request, reply),
  );
}

function field(body: unknown, name: string): string | undefined {
  if (!body || typeof body !== "object" || Array.isArray(body)) return undefined;
  const v = (body as Record<string, unknown>)[name];
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v !== "string") return undefined;
  const trimmed = v.trim();
  return trimmed === "" ? undefined : trimmed;
}

function planFacts(s: LicenseSnapshot) {
  return {
    current_plan_id: s.plan?.number ?? null,
    current_plan_name: s.plan?.name ?? null,
    current_duration_value: s.license.durationValue,
    current_duration_unit: s.license.durationUnit,
  };
}

async function verifyLicenseRoute(deps: AppDeps, request: FastifyRequest, reply: FastifyReply) {
  if (!acceptNonce(request)) return blenddoitError(reply, 400, MESSAGES.invalidNonce);
  const softwareId = field(request.body, "software_id");
  const licenseKey = field(request.body, "license_key");
  const domainInput = field(request.body, "domain");
  if (!softwareId || !licenseKey || !domainInput) return blenddoitError(reply, 400, MESSAGES.missing);

  // `localhost` and private IPs are no domain names, yet verify as development addresses (no seat).
  const normalised = normaliseDomain(domainInput);
  const devHost = normalised.ok ? null : developmentHost(domainInput);
  const domain = devHost ? { ok: true as const, value: devHost } : normalised;
  if (!domain.ok) return blenddoitError(reply, 400, MESSAGES.invalidDomain);
  if (!/^[1-9]\d{0,8}$/.test(softwareId)) return blenddoitError(reply, 400, MESSAGES.invalidSoftware);
  const key = normaliseKey(licenseKey.slice(0, 200));
  if (!isPlausibleKey(key)) return blenddoitError(reply, 400, MESSAGES.invalidFormat);

  const outcome = await verifyLicense(deps.db, {
    key,
    product: { kind: "software", number: Number(softwareId) },
    scope: { kind: "domain", value: domain.value },
    actor: AuditActor.dialect("blenddoit"),
  });
  // Signed by the license's vendor, success or refusal (http/answer-signing.ts).
  markSigningVendor(request, outcome.snapshot?.vendor.id);

  if (outcome.ok) {
    const s = outcome.snapshot;
    const tz = s.vendor.timezone;
    const at = (d: Date | null) => (d ? formatLocalDateTime(d, tz) : null);
    return reply.code(200).send({
      status: "success",
      message: MESSAGES.success,
      data: {
        software_name: s.product.name,
        license_key: s.license.key,
        domain: outcome.activation?.value ?? domain.value,
        status: "active",
        expiry_date: s.license.expiresAt ? formatLocalDate(s.license.expiresAt, tz) : null,
        source: "license-system",
        activated_at: at(s.license.activatedAt ?? outcome.activation?.activatedAt ?? null),
        last_verified_at: at(outcome.verifiedAt),
        ...planFacts(s),
        renewed_at: at(s.license.renewedAt),
      },
    });
  }

  const { error, snapshot } = outcome;
  switch (error.code) {
    case "not_found":
      return blenddoitError(reply, 404, MESSAGES.invalidSoftware);
    case "invalid_key_format":
      return blenddoitError(reply, 400, MESSAGES.invalidFormat);
    case "license_not_found":
      return blenddoitError(reply, 404, MESSAGES.notFound);
    case "license_pending":
    case "license_suspended":
    case "license_revoked":
      return blenddoitError(reply, 403, MESSAGES.notActive, { status: "inactive" });
    case "license_expired": {
      if (!snapshot) break;
      const tz = snapshot.vendor.timezone;
      return blenddoitError(reply, 403, MESSAGES.expired, {
        status: "expired",
        expiry_date: snapshot.license.expiresAt ? formatLocalDate(snapshot.license.expiresAt, tz) : null,
        payment_page_url: `${deps.config.publicUrl}/renew?key=${encodeURIComponent(snapshot.license.key)}`,
        ...planFacts(snapshot),
      });
    }
    case "binding_mismatch":
    case "seat_dead":
    case "invalid_input":
      // invalid_input here: the software binds to serial numbers, not domains.
      return blenddoitError(reply, 403, MESSAGES.domainMismatch, {
        registered_domain: snapshot?.activations[0]?.value ?? null,
        requested_domain: domain.value,
      });
    default:
      break;
  }
  request.log.error({ code: error.code }, "blenddoit: unexpected verification outcome");
  return blenddoitError(reply, 500, MESSAGES.serverError);
}
