import {
  activations,
  type BindingKind,
  type DurationUnit,
  type Executor,
  eq,
  licenses,
  products,
} from "@keyway/db";
import { recordEvent } from "../events/record-event";
import { addDuration } from "../shared/duration";
import { DomainError } from "../shared/errors";
import { generateLicenseKey } from "./keys";

export interface IssueLicenseParams {
  vendorId: string;
  productId: string;
  customerId?: string | null;
  orderId?: string | null;
  planId?: string | null;
  /** `pending` reserves the key until payment; `active` issues it now. */
  status: "pending" | "active";
  durationValue?: number | null;
  durationUnit?: DurationUnit | null;
  startsAt?: Date | null;
  /** Explicit expiry; otherwise startsAt (or now) + duration when active; null = perpetual. */
  expiresAt?: Date | null;
  /** Bind the first seat at issue time (Biznoq serial number, a domain…). */
  binding?: { value: string; label?: string } | null;
  maxSeats?: number;
  testMode?: boolean;
  actor?: string;
  now?: Date;
}

export interface IssuedLicense {
  id: string;
  key: string;
}

/**
 * Creates a license with a fresh key in its product's format. Call inside the transaction of
 * the order or action that creates it.
 */
export async function issueLicense(tx: Executor, params: IssueLicenseParams): Promise<IssuedLicense> {
  const now = params.now ?? new Date();
  const [product] = await tx.select().from(products).where(eq(products.id, params.productId));
  if (!product || product.vendorId !== params.vendorId)
    throw new DomainError("not_found", "Product not found.");

  const durationValue = params.durationValue ?? product.durationValue;
  const durationUnit = params.durationUnit ?? product.durationUnit;
  const startsAt = params.startsAt ?? (params.status === "active" ? now : null);
  const expiresAt =
    params.expiresAt !== undefined
      ? params.expiresAt
      : params.status === "active" && durationValue && durationUnit
        ? addDuration(startsAt ?? now, durationValue, durationUnit)
        : null;

  // Collisions are astronomically rare; retry a few times on the unique index anyway.
  for (let attempt = 0; attempt < 5; attempt++) {
    const key = generateLicenseKey(product.keyFormat);
    const taken = await tx.select({ id: licenses.id }).from(licenses).where(eq(licenses.key, key));
    if (taken.length > 0) continue;
    const [row] = await tx
      .insert(licenses)
      .values({
        vendorId: params.vendorId,
        productId: product.id,
        customerId: params.customerId ?? null,
        orderId: params.orderId ?? null,
        planId: params.planId ?? null,
        durationValue: durationValue ?? null,
        durationUnit: durationUnit ?? null,
        key,
        status: params.status,
        bindingKind: product.bindingKind,
        maxSeats: params.maxSeats ?? product.maxSeats,
        startsAt,
        expiresAt,
        activatedAt: params.status === "active" ? now : null,
        testMode: params.testMode ?? false,
        createdAt: now,
      })
      .returning({ id: licenses.id, key: licenses.key });
    if (!row) throw new DomainError("internal", "License insert returned nothing.");

    if (params.binding) {
      await tx.insert(activations).values({
        vendorId: params.vendorId,
        licenseId: row.id,
        kind: product.bindingKind as BindingKind,
        value: params.binding.value,
        label: params.binding.label ?? params.binding.value,
        activatedAt: now,
      });
    }
    const data = { license_id: row.id, key: row.key, product_id: product.id, status: params.status };
    await recordEvent(tx, {
      vendorId: params.vendorId,
      type: "license.created",
      subjectType: "license",
      subjectId: row.id,
      licenseId: row.id,
      actor: params.actor,
      data,
      now,
    });
    if (params.status === "active") {
      await recordEvent(tx, {
        vendorId: params.vendorId,
        type: "license.activated",
        subjectType: "license",
        subjectId: row.id,
        licenseId: row.id,
        actor: params.actor,
        data: { ...data, status: "active", expires_at: expiresAt?.toISOString() ?? null },
        now,
      });
    }
    return row;
  }
  throw new DomainError("internal", "Could not generate a unique license key.");
}
