import { type KeyObject, verify } from "node:crypto";
import { activations, and, type Database, eq, isNull, vendors } from "@keyway/db";
import {
  type Activation,
  AuditActor,
  type LicenseSummary,
  normaliseKey,
  type OfflineReleaseRefusal,
} from "@keyway/schema";
import { z } from "zod";
import { certificateForSnapshot } from "../certificates/issue-certificate";
import { trustedVerifyingKeys } from "../certificates/signing-keys";
import { DomainError } from "../shared/errors";
import type { SecretBox } from "../shared/secrets";
import { loadLicenseSnapshotByKey } from "./license-snapshot";
import { activationView, licenseSummaryView } from "./license-views";
import { lockLicense } from "./lock-license";
import { parseActivationRequest, parseReleaseCode } from "./offline-codes";
import { activateSeat } from "./seat-verification";
import { releaseSeat } from "./seats";
import { keyFits } from "./verify-license";

/**
 * Air-gapped activation (docs/signatures.md §4). A machine that never reaches the server shows an
 * activation request; pasted into the portal (or POSTed), it takes a seat exactly as the native
 * activate does (verify-license.ts, bind mode `seat`: same seat rules, events and webhooks) and
 * answers a certificate bound to the machine's fingerprint, carrying the request's nonce. The
 * reverse: a release code carries that certificate; once its signature checks out against one of
 * the vendor's keys not revoked, the seat it names is freed (seats.ts `releaseSeat`, the events of
 * a deactivation) — unless it is free already, or was taken again after the certificate was issued.
 */

export interface ActivateOfflineParams {
  request: string;
  /** A signed-in portal customer: the license must be theirs. */
  customerId?: string | undefined;
  now?: Date;
}

export interface OfflineActivation {
  /** The license's vendor, whose key signs the answer (not part of it). */
  vendorId: string;
  certificate: string;
  license: LicenseSummary;
  activation: Activation;
}

export async function activateOffline(
  db: Database,
  secrets: SecretBox,
  params: ActivateOfflineParams,
): Promise<OfflineActivation> {
  const now = params.now ?? new Date();
  const request = parseActivationRequest(params.request);
  if (params.customerId !== undefined) {
    const key = normaliseKey(request.key);
    const snapshot = await loadLicenseSnapshotByKey(db, key);
    if (snapshot && keyFits(snapshot, key) && snapshot.license.customerId !== params.customerId) {
      throw new DomainError(
        "forbidden",
        "This license belongs to another account. Sign out to activate it with its key alone.",
      );
    }
  }
  const actor =
    params.customerId !== undefined ? AuditActor.customer(params.customerId) : AuditActor.licenseKey;
  const outcome = await activateSeat(db, {
    key: request.key,
    scope: { kind: "fingerprint", value: request.fingerprint, label: request.name },
    actor,
    now,
  });
  const seat = outcome.activation;
  if (!seat) throw new DomainError("internal", "An offline activation took no seat.");
  const certificate = await certificateForSnapshot(
    db,
    secrets,
    outcome.snapshot,
    { kind: seat.kind, value: seat.value },
    now,
    { nonce: request.nonce },
  );
  return {
    vendorId: outcome.snapshot.vendor.id,
    certificate,
    license: licenseSummaryView(outcome.snapshot, now),
    activation: activationView(seat),
  };
}

export interface ReleaseOfflineParams {
  release: string;
  now?: Date;
}

export interface OfflineRelease {
  /** The license's vendor, whose key signs the answer (not part of it). */
  vendorId: string;
  released: boolean;
  reason: OfflineReleaseRefusal | null;
  message: string;
  license: LicenseSummary;
}

const MESSAGES: Record<"released" | OfflineReleaseRefusal, string> = {
  released: "The seat is free: the license can be activated on another machine.",
  already_free:
    "Nothing to free: this machine holds no seat of the license (the release code was used already, or the seat was released another way).",
  stale:
    "This release code is out of date: the machine was activated again after it was made. Use the release code of its newest certificate.",
};

/** What a release needs from the certificate inside a code (v1 or v2, before its signature is checked). */
const ReleasedFacts = z.object({
  kid: z.string().optional(),
  vendor: z.string(),
  key: z.string(),
  binding: z.object({ kind: z.string(), value: z.string() }).nullable(),
  issuedAt: z.iso.datetime({ offset: true }),
});

function unreadable(): never {
  throw new DomainError(
    "invalid_input",
    "The certificate inside the release code is damaged. Copy the release code again, whole.",
    { field: "release", reason: "certificate" },
  );
}

function forged(): never {
  throw new DomainError(
    "forbidden",
    "The release code's certificate was not signed by the software's vendor, so it cannot free a seat.",
    { field: "release", reason: "bad_signature" },
  );
}

export async function releaseOffline(db: Database, params: ReleaseOfflineParams): Promise<OfflineRelease> {
  const now = params.now ?? new Date();
  const { certificate } = parseReleaseCode(params.release);
  const [prefix, payload, signature, ...rest] = certificate.split(".");
  if (prefix !== "kwc1" || !payload || !signature || rest.length > 0) unreadable();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    unreadable();
  }
  const parsed = ReleasedFacts.safeParse(json);
  if (!parsed.success) unreadable();
  const facts = parsed.data;

  const [vendor] = await db.select({ id: vendors.id }).from(vendors).where(eq(vendors.slug, facts.vendor));
  if (!vendor) forged();
  // Rotated and retired keys still prove the certificate was ours; a revoked one proves nothing.
  const keys = await trustedVerifyingKeys(db, vendor.id, ["active", "rotated", "retired"]);
  const candidates = facts.kid ? [keys.get(facts.kid)].filter((k) => k !== undefined) : [...keys.values()];
  const message = Buffer.from(`${prefix}.${payload}`, "ascii");
  const sig = Buffer.from(signature, "base64url");
  if (!candidates.some((k) => verifiesWith(k, message, sig))) forged();

  if (facts.binding?.kind !== "fingerprint") {
    throw new DomainError(
      "invalid_input",
      "This certificate is not bound to a machine, so it holds no seat to free.",
      { field: "release", reason: "binding" },
    ).about(vendor.id);
  }
  const key = normaliseKey(facts.key);
  const snapshot = await loadLicenseSnapshotByKey(db, key);
  if (!snapshot || snapshot.vendor.id !== vendor.id) {
    throw new DomainError("license_not_found", "The license was not found.");
  }
  const fingerprint = facts.binding.value;
  const issuedAt = new Date(facts.issuedAt);
  const licenseId = snapshot.license.id;
  const outcome = await db.transaction(async (tx): Promise<"released" | OfflineReleaseRefusal> => {
    await lockLicense(tx, licenseId);
    const [seat] = await tx
      .select({ id: activations.id, activatedAt: activations.activatedAt })
      .from(activations)
      .where(
        and(
          eq(activations.licenseId, licenseId),
          eq(activations.kind, "fingerprint"),
          eq(activations.value, fingerprint),
          isNull(activations.deactivatedAt),
        ),
      );
    if (!seat) return "already_free";
    if (seat.activatedAt.getTime() > issuedAt.getTime()) return "stale";
    const freed = await releaseSeat(tx, {
      licenseId,
      activationId: seat.id,
      actor: AuditActor.licenseKey,
      now,
    });
    return freed ? "released" : "already_free";
  });
  const after = (await loadLicenseSnapshotByKey(db, key)) ?? snapshot;
  return {
    vendorId: vendor.id,
    released: outcome === "released",
    reason: outcome === "released" ? null : outcome,
    message: MESSAGES[outcome],
    license: licenseSummaryView(after, now),
  };
}

function verifiesWith(key: KeyObject, message: Buffer, signature: Buffer): boolean {
  if (signature.length !== 64) return false;
  try {
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}
