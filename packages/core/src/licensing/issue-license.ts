import {
  activations,
  type BindingKind,
  type ClockStartsAt,
  type DurationUnit,
  type Executor,
  eq,
  licenses,
  newId,
  products,
} from "@keyway/db";
import { announceAddonLicense } from "../entitlements/addon-base-licenses";
import { recordEvent } from "../events/record-event";
import { addDuration } from "../shared/duration";
import { DomainError } from "../shared/errors";
import { generateLicenseKey } from "./keys";
import { grantedClockStartsAt } from "./start-clock";

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
  /**
   * When the term starts (default: the product's and plan's policy, read by `issueLicense`).
   * `first_activation` with a finite term and no explicit dates: stored with `clockPending`, no
   * dates, until its first use (start-clock.ts).
   */
  clockStartsAt?: ClockStartsAt;
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

/** The product columns a new license copies. */
export type LicenseProduct = Pick<
  typeof products.$inferSelect,
  "id" | "vendorId" | "keyFormat" | "bindingKind" | "maxSeats" | "durationValue" | "durationUnit"
>;

/** The rows a new license is made of, with a fresh key: nothing is written yet. */
export interface PlannedLicense {
  id: string;
  key: string;
  license: typeof licenses.$inferInsert & { id: string; key: string };
  activation: typeof activations.$inferInsert | null;
  expiresAt: Date | null;
  /** The `license.created` event's data. */
  data: Record<string, unknown>;
}

/**
 * Plans a license of `product` (already read and checked to belong to the vendor): its row, a
 * fresh key in the product's format, and the seat bound at issue time. Each call draws a new
 * key and id; the unique index on `licenses.key` is what guarantees the key is free.
 */
export function planLicense(product: LicenseProduct, params: IssueLicenseParams): PlannedLicense {
  const now = params.now ?? new Date();
  const durationValue = params.durationValue ?? product.durationValue;
  const durationUnit = params.durationUnit ?? product.durationUnit;
  const clockPending =
    params.clockStartsAt === "first_activation" && waitsForFirstUse(params, durationValue, durationUnit);
  const startsAt = clockPending ? null : (params.startsAt ?? (params.status === "active" ? now : null));
  const expiresAt =
    params.expiresAt !== undefined
      ? params.expiresAt
      : params.status === "active" && durationValue && durationUnit && !clockPending
        ? addDuration(startsAt ?? now, durationValue, durationUnit)
        : null;
  const id = newId("lic");
  const key = generateLicenseKey(product.keyFormat);
  return {
    id,
    key,
    license: {
      id,
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
      clockPending,
      createdAt: now,
    },
    activation: params.binding
      ? {
          id: newId("act"),
          vendorId: params.vendorId,
          licenseId: id,
          kind: product.bindingKind as BindingKind,
          value: params.binding.value,
          label: params.binding.label ?? params.binding.value,
          activatedAt: now,
        }
      : null,
    expiresAt,
    data: {
      license_id: id,
      key,
      product_id: product.id,
      status: params.status,
      test_mode: params.testMode ?? false,
    },
  };
}

/** An active license with a finite term and no dates given: its term may wait for its first use. */
function waitsForFirstUse(
  params: IssueLicenseParams,
  durationValue: number | null,
  durationUnit: DurationUnit | null,
): boolean {
  return (
    params.status === "active" &&
    params.expiresAt === undefined &&
    !params.startsAt &&
    durationValue !== null &&
    durationUnit !== null
  );
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
  const clockStartsAt =
    params.clockStartsAt ??
    (waitsForFirstUse(params, durationValue, durationUnit)
      ? await grantedClockStartsAt(tx, { productId: product.id, planId: params.planId ?? null })
      : "purchase");

  // Collisions are astronomically rare; retry a few times on the unique index anyway.
  for (let attempt = 0; attempt < 5; attempt++) {
    const plan = planLicense(product, { ...params, clockStartsAt, now });
    const taken = await tx.select({ id: licenses.id }).from(licenses).where(eq(licenses.key, plan.key));
    if (taken.length > 0) continue;
    const [row] = await tx
      .insert(licenses)
      .values(plan.license)
      .returning({ id: licenses.id, key: licenses.key });
    if (!row) throw new DomainError("internal", "License insert returned nothing.");

    if (plan.activation) await tx.insert(activations).values(plan.activation);
    if (product.parentProductId && params.status === "active") await announceAddonLicense(tx, plan.license);
    await recordEvent(tx, {
      vendorId: params.vendorId,
      type: "license.created",
      subjectType: "license",
      subjectId: row.id,
      licenseId: row.id,
      actor: params.actor,
      data: plan.data,
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
        data: { ...plan.data, status: "active", expires_at: plan.expiresAt?.toISOString() ?? null },
        now,
      });
    }
    return row;
  }
  throw new DomainError("internal", "Could not generate a unique license key.");
}
