import {
  activations,
  and,
  asc,
  customers,
  type Database,
  eq,
  gt,
  inArray,
  isNull,
  licenses,
  ne,
  plans,
  products,
} from "@keyway/db";
import { LICENSE_FILE_COLUMNS, type LicenseFileFormat, type LicenseFileRow } from "@keyway/schema";
import { stringify } from "csv-stringify/sync";

const BATCH = 1_000;

/**
 * Every license of the vendor (unpaid `pending` ones are orders, not licenses: left out) with its
 * live activations, as rows of the import's own shape, so an export imports back unchanged. Read
 * in keyset batches of 1,000: memory stays flat whatever the count.
 */
export async function* exportLicenseRows(
  db: Database,
  params: { vendorId: string },
): AsyncGenerator<LicenseFileRow[]> {
  let after = "";
  for (;;) {
    const batch = await db
      .select({
        id: licenses.id,
        key: licenses.key,
        product: products.slug,
        plan: plans.name,
        status: licenses.status,
        expiresAt: licenses.expiresAt,
        startsAt: licenses.startsAt,
        createdAt: licenses.createdAt,
        maxSeats: licenses.maxSeats,
        customerEmail: customers.email,
        customerPhone: customers.phone,
        customerName: customers.name,
        name: licenses.name,
        metadata: licenses.metadata,
      })
      .from(licenses)
      .innerJoin(products, eq(products.id, licenses.productId))
      .leftJoin(plans, eq(plans.id, licenses.planId))
      .leftJoin(customers, eq(customers.id, licenses.customerId))
      .where(
        and(eq(licenses.vendorId, params.vendorId), ne(licenses.status, "pending"), gt(licenses.id, after)),
      )
      .orderBy(asc(licenses.id))
      .limit(BATCH);
    if (batch.length === 0) return;
    const seats = await db
      .select({
        licenseId: activations.licenseId,
        value: activations.value,
        label: activations.label,
        activatedAt: activations.activatedAt,
      })
      .from(activations)
      .where(
        and(
          inArray(
            activations.licenseId,
            batch.map((l) => l.id),
          ),
          isNull(activations.deactivatedAt),
        ),
      )
      .orderBy(asc(activations.activatedAt));
    const seatsOf = new Map<string, LicenseFileRow["activations"]>();
    for (const s of seats) {
      const list = seatsOf.get(s.licenseId) ?? [];
      list.push({ value: s.label ?? s.value, activatedAt: s.activatedAt.toISOString() });
      seatsOf.set(s.licenseId, list);
    }
    yield batch.map((l) => ({
      key: l.key,
      product: l.product,
      plan: l.plan,
      status: l.status === "pending" ? "active" : l.status,
      expiresAt: l.expiresAt?.toISOString() ?? null,
      startsAt: l.startsAt?.toISOString() ?? null,
      createdAt: l.createdAt.toISOString(),
      maxSeats: l.maxSeats,
      activations: seatsOf.get(l.id) ?? [],
      customerEmail: l.customerEmail,
      customerPhone: l.customerPhone,
      customerName: l.customerName,
      name: l.name,
      metadata: l.metadata,
    }));
    after = batch[batch.length - 1]?.id ?? after;
    if (batch.length < BATCH) return;
  }
}

/** The export as text chunks of a JSON Lines or CSV file (CSV: the header first; no metadata column). */
export async function* exportLicenseFile(
  db: Database,
  params: { vendorId: string; format: LicenseFileFormat },
): AsyncGenerator<string> {
  if (params.format === "csv") yield stringify([LICENSE_FILE_COLUMNS as unknown as string[]]);
  for await (const rows of exportLicenseRows(db, params)) {
    if (params.format === "jsonl") {
      yield rows.map((r) => `${JSON.stringify(withoutEmpty(r))}\n`).join("");
    } else {
      yield stringify(
        rows.map((r) =>
          LICENSE_FILE_COLUMNS.map((column) =>
            column === "activations"
              ? r.activations.map((a) => (typeof a === "string" ? a : a.value)).join(";")
              : (r[column] ?? ""),
          ),
        ),
      );
    }
  }
}

/** A JSON row without its null fields (they mean "absent" on import too). */
function withoutEmpty(row: LicenseFileRow): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null && v !== undefined));
}
