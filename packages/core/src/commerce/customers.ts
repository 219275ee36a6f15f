import { and, customers, type Executor, eq } from "@keyway/db";

export interface CustomerContact {
  phone?: string | null | undefined;
  email?: string | null | undefined;
  name?: string | null | undefined;
}

/** Finds the vendor's customer by email, then phone, or creates one. Returns null with no contact at all. */
export async function upsertCustomer(
  tx: Executor,
  vendorId: string,
  contact: CustomerContact,
): Promise<string | null> {
  const email = contact.email?.trim().toLowerCase() || null;
  const phone = contact.phone?.replace(/\D/g, "") || null;
  if (!email && !phone) return null;
  if (email) {
    const [byEmail] = await tx
      .select({ id: customers.id, phone: customers.phone })
      .from(customers)
      .where(and(eq(customers.vendorId, vendorId), eq(customers.email, email)));
    if (byEmail) return byEmail.id;
  }
  if (phone) {
    const [byPhone] = await tx
      .select({ id: customers.id, email: customers.email })
      .from(customers)
      .where(and(eq(customers.vendorId, vendorId), eq(customers.phone, phone)));
    if (byPhone) {
      if (email && !byPhone.email)
        await tx.update(customers).set({ email }).where(eq(customers.id, byPhone.id));
      return byPhone.id;
    }
  }
  const [created] = await tx
    .insert(customers)
    .values({ vendorId, email, phone, name: contact.name ?? null })
    .onConflictDoNothing()
    .returning({ id: customers.id });
  if (created) return created.id;
  // Lost a race with a concurrent order for the same contact: read the winner.
  const [again] = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(
      and(
        eq(customers.vendorId, vendorId),
        email ? eq(customers.email, email) : eq(customers.phone, phone ?? ""),
      ),
    );
  return again?.id ?? null;
}
