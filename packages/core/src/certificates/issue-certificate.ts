import { and, type BindingKind, type Executor, eq, licenses, products } from "@keyway/db";
import type { CertificateFacts } from "@keyway/schema";
import { entitlementsOf } from "../entitlements/entitlements-of";
import { type LicenseSnapshot, loadLicenseSnapshot } from "../licensing/license-snapshot";
import { licenseStatus } from "../licensing/license-status";
import { DomainError } from "../shared/errors";
import type { SecretBox } from "../shared/secrets";
import { signCertificate, vendorSigner } from "./signing-key";

const DAY_SECONDS = 86_400;

/** The product's certificate lifetime (days); read apart from the snapshot, which caches hold. */
async function certificateTtlDays(db: Executor, productId: string): Promise<number> {
  const [row] = await db
    .select({ days: products.certificateTtlDays })
    .from(products)
    .where(eq(products.id, productId));
  return row?.days ?? 30;
}

/**
 * Signs the facts of a license as read in `snapshot`, for the seat `binding` (if any): a version 2
 * certificate naming its key (`kid`) and valid until `exp` (issuedAt + the product's
 * `certificateTtlDays`). `options.nonce` is the air-gapped activation request's nonce.
 */
export async function certificateForSnapshot(
  db: Executor,
  secrets: SecretBox,
  snapshot: LicenseSnapshot,
  binding: { kind: BindingKind; value: string } | null,
  now: Date = new Date(),
  options: { nonce?: string } = {},
): Promise<string> {
  const signer = await vendorSigner(db, secrets, snapshot.vendor.id);
  const ttlDays = await certificateTtlDays(db, snapshot.product.id);
  const issuedAt = Math.floor(now.getTime() / 1000);
  const facts: CertificateFacts = {
    v: 2,
    kid: signer.kid,
    vendor: signer.slug,
    key: snapshot.license.key,
    product: { number: snapshot.product.number, kind: snapshot.product.kind, name: snapshot.product.name },
    binding,
    status: licenseStatus(snapshot.license, now),
    expiresAt: snapshot.license.expiresAt?.toISOString() ?? null,
    issuedAt: now.toISOString(),
    exp: issuedAt + ttlDays * DAY_SECONDS,
    entitlements: entitlementsOf(snapshot, now),
    ...(options.nonce !== undefined && { nonce: options.nonce }),
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
