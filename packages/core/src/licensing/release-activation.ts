import { activations, and, type Database, eq, licenses } from "@keyway/db";
import type { License } from "@keyway/schema";
import { DomainError } from "../shared/errors";
import { vendorLicenseView } from "./change-license-state";
import { releaseSeat } from "./seats";

export interface ReleaseActivationParams {
  vendorId: string;
  activationId: string;
  /** The portal passes the signed-in customer: only their own licenses' seats can be released. */
  customerId?: string | undefined;
  actor?: string | undefined;
  now?: Date;
}

/**
 * Frees a seat by its id (vendor console, or a customer moving a license to a new domain).
 * Releasing an already released seat changes nothing. Answers the license after the change.
 */
export async function releaseActivation(db: Database, params: ReleaseActivationParams): Promise<License> {
  const now = params.now ?? new Date();
  const [row] = await db
    .select({ licenseId: activations.licenseId, customerId: licenses.customerId })
    .from(activations)
    .innerJoin(licenses, eq(licenses.id, activations.licenseId))
    .where(and(eq(activations.id, params.activationId), eq(activations.vendorId, params.vendorId)));
  if (!row || (params.customerId !== undefined && row.customerId !== params.customerId)) {
    throw new DomainError("not_found", "Activation not found.");
  }
  await db.transaction((tx) =>
    releaseSeat(tx, {
      licenseId: row.licenseId,
      activationId: params.activationId,
      actor: params.actor,
      now,
    }),
  );
  return vendorLicenseView(db, params.vendorId, row.licenseId, now);
}
