import {
  activations,
  and,
  customers,
  type Database,
  type Executor,
  eq,
  inArray,
  licenses,
  newId,
  or,
  plans,
  products,
} from "@keyway/db";
import { type ImportLicensesInput, type LicenseImportResult, MAX_IMPORT_ERRORS_LISTED } from "@keyway/schema";
import { type CustomerCandidate, planCustomer } from "../../commerce/customers";
import { announceAddonLicense } from "../../entitlements/addon-base-licenses";
import { recordEvents } from "../../events/record-event";
import { type CheckedLicenseRow, checkImportRows, type ImportRowError } from "./check-import-rows";
import { readLicenseFile } from "./read-license-file";

/** Rows written per transaction: one statement per table per chunk. */
const CHUNK = 1_000;

export interface ImportLicensesParams extends Omit<ImportLicensesInput, "dryRun"> {
  vendorId: string;
  dryRun?: boolean;
  actor: string;
  now?: Date;
}

/**
 * Moves licenses in from another system: each row keeps its key string (any shape within
 * `isPlausibleKey`, verified as it is: licenses.imported_at), status, expiry, seats with their
 * activations, customer and plan. Idempotent by key: a key this vendor already has is left
 * unchanged, so re-running a file changes nothing; a key another vendor has is refused without
 * saying whose. `dryRun` checks everything, including those keys, and writes nothing. Written in
 * chunks of 1,000 rows, one transaction each, with a `license.imported` event per license (audit
 * only: no webhooks for what the vendor did itself). Verification caches learn of new keys by
 * missing them: nothing cached can be stale.
 */
export async function importLicenses(
  db: Database,
  params: ImportLicensesParams,
): Promise<LicenseImportResult> {
  const now = params.now ?? new Date();
  const dryRun = params.dryRun ?? false;
  const raw = readLicenseFile(params.format, params.content);
  const catalog = await loadImportCatalog(db, params.vendorId);
  const { rows, errors } = checkImportRows(raw, catalog);
  const addons = new Set(catalog.products.filter((p) => p.parentProductId).map((p) => p.id));

  let created = 0;
  let unchanged = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const { fresh, known } = await withoutKnownKeys(db, params.vendorId, chunk, errors);
    unchanged += known;
    if (dryRun || fresh.length === 0) {
      created += dryRun ? fresh.length : 0;
      continue;
    }
    const written = await db.transaction((tx) =>
      writeChunk(tx, params.vendorId, fresh, params.actor, now, addons),
    );
    created += written.created;
    unchanged += written.raced;
  }
  errors.sort((a, b) => a.line - b.line);
  return {
    dryRun,
    rows: raw.length,
    created,
    unchanged,
    failed: errors.length,
    errors: errors.slice(0, MAX_IMPORT_ERRORS_LISTED),
  };
}

export async function loadImportCatalog(db: Executor, vendorId: string) {
  const [productRows, planRows] = await Promise.all([
    db
      .select({
        id: products.id,
        slug: products.slug,
        bindingKind: products.bindingKind,
        maxSeats: products.maxSeats,
        parentProductId: products.parentProductId,
      })
      .from(products)
      .where(eq(products.vendorId, vendorId)),
    db
      .select({ id: plans.id, name: plans.name, productId: plans.productId })
      .from(plans)
      .where(eq(plans.vendorId, vendorId)),
  ]);
  return { products: productRows, plans: planRows };
}

/**
 * The rows whose key nobody has yet. A key this vendor has already is dropped and counted
 * (`known`: unchanged); a key another vendor has is dropped with an error that does not say whose.
 */
async function withoutKnownKeys(
  db: Executor,
  vendorId: string,
  chunk: CheckedLicenseRow[],
  errors: ImportRowError[],
): Promise<{ fresh: CheckedLicenseRow[]; known: number }> {
  const existing = await db
    .select({ key: licenses.key, vendorId: licenses.vendorId })
    .from(licenses)
    .where(
      inArray(
        licenses.key,
        chunk.map((r) => r.key),
      ),
    );
  if (existing.length === 0) return { fresh: chunk, known: 0 };
  const owner = new Map(existing.map((e) => [e.key, e.vendorId]));
  let known = 0;
  const fresh = chunk.filter((row) => {
    const vendor = owner.get(row.key);
    if (vendor === undefined) return true;
    if (vendor === vendorId) known += 1;
    else
      errors.push({
        line: row.line,
        key: row.key,
        field: "key",
        message: "This key is already in use in Keyway.",
      });
    return false;
  });
  return { fresh, known };
}

/** Writes one chunk: its customers, licenses, seats and events. `raced`: keys a concurrent import took first. */
async function writeChunk(
  tx: Executor,
  vendorId: string,
  rows: CheckedLicenseRow[],
  actor: string,
  now: Date,
  addons: ReadonlySet<string>,
): Promise<{ created: number; raced: number }> {
  const customerIds = await customersOf(tx, vendorId, rows);
  const planned = rows.map((row, i) => ({ row, id: newId("lic"), customerId: customerIds[i] ?? null }));
  const inserted = await tx
    .insert(licenses)
    .values(
      planned.map(({ row, id, customerId }) => {
        const firstUse = row.activations.reduce<Date | null>(
          (at, a) => (a.activatedAt && (!at || a.activatedAt < at) ? a.activatedAt : at),
          null,
        );
        const soldAt = row.createdAt ?? now;
        return {
          id,
          vendorId,
          productId: row.productId,
          planId: row.planId,
          customerId,
          key: row.key,
          name: row.name,
          metadata: row.metadata,
          status: row.status,
          bindingKind: row.bindingKind,
          maxSeats: row.maxSeats,
          startsAt: row.startsAt,
          expiresAt: row.expiresAt,
          activatedAt: row.activations.length > 0 ? (firstUse ?? soldAt) : null,
          suspendedAt: row.status === "suspended" ? now : null,
          revokedAt: row.status === "revoked" ? now : null,
          importedAt: now,
          createdAt: soldAt,
          updatedAt: now,
        };
      }),
    )
    .onConflictDoNothing({ target: licenses.key })
    .returning({ id: licenses.id });
  const written = new Set(inserted.map((r) => r.id));
  const kept = planned.filter((p) => written.has(p.id));
  const seats = kept.flatMap(({ row, id }) =>
    row.activations.map((a) => ({
      vendorId,
      licenseId: id,
      kind: row.bindingKind,
      value: a.value,
      label: a.label,
      activatedAt: a.activatedAt ?? row.createdAt ?? now,
    })),
  );
  for (let i = 0; i < seats.length; i += CHUNK)
    await tx.insert(activations).values(seats.slice(i, i + CHUNK));
  await recordEvents(
    tx,
    kept.map(({ row, id }) => ({
      vendorId,
      type: "license.imported" as const,
      subjectType: "license" as const,
      subjectId: id,
      licenseId: id,
      actor,
      data: { status: row.status, seats: row.activations.length, test_mode: false },
      now,
    })),
  );
  // An active add-on grants its entitlements to the customer's license of its base product.
  const granting = new Set(
    kept
      .filter(({ row, customerId }) => addons.has(row.productId) && row.status === "active" && customerId)
      .map(({ row, customerId }) => `${row.productId} ${customerId}`),
  );
  for (const pair of granting) {
    const [productId = "", customerId = ""] = pair.split(" ");
    await announceAddonLicense(tx, { vendorId, productId, customerId });
  }
  return { created: kept.length, raced: rows.length - kept.length };
}

/**
 * The customer of each row (by email, then phone, as checkout finds them; created when new), in
 * row order. A contact repeated in the chunk is one customer.
 */
async function customersOf(
  tx: Executor,
  vendorId: string,
  rows: CheckedLicenseRow[],
): Promise<(string | null)[]> {
  const emails = [...new Set(rows.flatMap((r) => (r.contact.email ? [r.contact.email] : [])))];
  const phones = [...new Set(rows.flatMap((r) => (r.contact.phone ? [r.contact.phone] : [])))];
  if (emails.length === 0 && phones.length === 0) return rows.map(() => null);
  const candidatesNow = async (): Promise<CustomerCandidate[]> =>
    tx
      .select({ id: customers.id, email: customers.email, phone: customers.phone })
      .from(customers)
      .where(
        and(
          eq(customers.vendorId, vendorId),
          or(
            emails.length > 0 ? inArray(customers.email, emails) : undefined,
            phones.length > 0 ? inArray(customers.phone, phones) : undefined,
          ),
        ),
      );
  const assign = async (candidates: CustomerCandidate[], write: boolean) => {
    const ids: (string | null)[] = [];
    const inserts: (typeof customers.$inferInsert)[] = [];
    for (const row of rows) {
      const plan = planCustomer(vendorId, row.contact, candidates);
      if (plan.insert && plan.id) {
        inserts.push(plan.insert);
        candidates.push({ id: plan.id, email: plan.insert.email ?? null, phone: plan.insert.phone ?? null });
      }
      if (plan.setEmail && plan.id && write) {
        await tx.update(customers).set({ email: plan.setEmail }).where(eq(customers.id, plan.id));
        const found = candidates.find((c) => c.id === plan.id);
        if (found) found.email = plan.setEmail;
      }
      ids.push(plan.id);
    }
    return { ids, inserts };
  };
  const first = await assign(await candidatesNow(), true);
  if (first.inserts.length === 0) return first.ids;
  const made = await tx
    .insert(customers)
    .values(first.inserts)
    .onConflictDoNothing()
    .returning({ id: customers.id });
  if (made.length === first.inserts.length) return first.ids;
  // A concurrent writer created some of these contacts first: map the rows to what is there now.
  return (await assign(await candidatesNow(), false)).ids;
}
