import { and, type BindingKind, type Executor, eq, licenses } from "@keyway/db";
import type { CertificateFacts } from "@keyway/schema";
import { entitlementsOf } from "../entitlements/entitlements-of";
import { type LicenseSnapshot, loadLicenseSnapshot } from "../licensing/license-snapshot";
import { licenseStatus } from "../licensing/license-status";
import { DomainError } from "../shared/errors";
import type { SecretBox } from "../shared/secrets";
import { signCertificate, vendorSigner } from "./signing-key";

/** Signs the facts of a license as read in `snapshot`, for the seat `binding` (if any). */
export async function certificateForSnapshot(
  db: Executor,
  secrets: SecretBox,
  snapshot: LicenseSnapshot,
  binding: { kind: BindingKind; value: string } | null,
  now: Date = new Date(),
): Promise<string> {
  const signer = await vendorSigner(db, secrets, snapshot.vendor.id);
  const facts: CertificateFacts = {
    v: 1,
    vendor: signer.slug,
    key: snapshot.license.key,
    product: { number: snapshot.product.number, kind: snapshot.product.kind, name: snapshot.product.name },
    binding,
    status: licenseStatus(snapshot.license, now),
    expiresAt: snapshot.license.expiresAt?.toISOString() ?? null,
    issuedAt: now.toISOString(),
    entitlements: entitlementsOf(snapshot, now),
  };
  return signCertificate(facts, signer.privateKey);
}

export interface IssueCertificateParams {
  vendorId: string;
  licenseId: string;
  /** The seat to name in the certificate; defaults to the license's first live seat. */
  activationId?: string;
  now?: Date;
}

/** A certificate for one of the vendor's licenses (console, portal download). */
export async function issueCertificate(
  db: Executor,
  secrets: SecretBox,
  params: IssueCertificateParams,
): Promise<{ certificate: string }> {
  const snapshot = await loadLicenseSnapshot(
    db,
    and(eq(licenses.id, params.licenseId), eq(licenses.vendorId, params.vendorId)),
  );
  if (!snapshot) throw new DomainError("license_not_found", "The license was not found.");
  const seat = params.activationId
    ? snapshot.activations.find((a) => a.id === params.activationId)
    : snapshot.activations[0];
  if (params.activationId && !seat) throw new DomainError("not_found", "Activation not found.");
  const certificate = await certificateForSnapshot(
    db,
    secrets,
    snapshot,
    seat ? { kind: seat.kind, value: seat.value } : null,
    params.now,
  );
  return { certificate };
}
