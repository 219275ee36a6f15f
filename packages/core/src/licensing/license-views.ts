import type { Activation, License, LicenseSummary } from "@keyway/schema";
import { entitlementsOf } from "../entitlements/entitlements-of";
import { allowedLicenseActions, isRenewable } from "./license-actions";
import type { ActivationRow, LicenseSnapshot } from "./license-snapshot";
import { licenseStatus } from "./license-status";
import { heartbeatWindowMs, isSeatOverdue } from "./seat-liveness";

/** A license snapshot as each audience sees it: the key holder, and the vendor (and its customer). */

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function activationView(a: ActivationRow): Activation {
  return {
    id: a.id,
    kind: a.kind,
    value: a.value,
    label: a.label,
    activatedAt: a.activatedAt.toISOString(),
    lastVerifiedAt: iso(a.lastVerifiedAt),
    heartbeatAt: iso(a.heartbeatAt),
  };
}

/** What a key holder sees. */
export function licenseSummaryView(s: LicenseSnapshot, now: Date = new Date()): LicenseSummary {
  // Floating seats past their heartbeat window no longer count (seat-liveness.ts).
  const live =
    heartbeatWindowMs(s.product) === null
      ? s.activations
      : s.activations.filter((a) => !isSeatOverdue(a, s.product, now));
  return {
    key: s.license.key,
    status: licenseStatus(s.license, now),
    product: {
      id: s.product.id,
      number: s.product.number,
      kind: s.product.kind,
      name: s.product.name,
      version: s.product.version,
    },
    plan: s.plan,
    bindingKind: s.license.bindingKind,
    maxSeats: s.license.maxSeats,
    seatsUsed: live.length,
    activations: live.map(activationView),
    expiresAt: iso(s.license.expiresAt),
    activatedAt: iso(s.license.activatedAt),
    renewedAt: iso(s.license.renewedAt),
    metadata: s.license.metadata ?? null,
  };
}

/** What the vendor (and the license's customer) sees. */
export function licenseView(s: LicenseSnapshot, now: Date = new Date()): License {
  const l = s.license;
  return {
    ...licenseSummaryView(s, now),
    id: l.id,
    name: l.name,
    customerId: l.customerId,
    orderId: l.orderId,
    durationValue: l.durationValue,
    durationUnit: l.durationUnit,
    startsAt: iso(l.startsAt),
    lastVerifiedAt: iso(l.lastVerifiedAt),
    suspendedAt: iso(l.suspendedAt),
    revokedAt: iso(l.revokedAt),
    testMode: l.testMode,
    clockPending: l.clockPending,
    createdAt: l.createdAt.toISOString(),
    renewable: isRenewable(l.status),
    allowedActions: allowedLicenseActions(l.status),
    entitlements: entitlementsOf(s, now),
  };
}
