import { type Executor, eq, licenses } from "@keyway/db";
import { DomainError } from "../shared/errors";

/**
 * The license row, locked for the rest of the transaction (`FOR UPDATE`): every change to a
 * license or its seats starts here, so concurrent changes queue instead of racing.
 */
export async function lockLicense(tx: Executor, licenseId: string) {
  const [license] = await tx.select().from(licenses).where(eq(licenses.id, licenseId)).for("update");
  if (!license) throw new DomainError("license_not_found", "The license was not found.");
  return license;
}
