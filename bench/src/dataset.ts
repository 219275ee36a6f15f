/** Bench licenses: `BENCH` + 11 digits (the demo software's 16-character format), each bound to its own domain. */
export function benchKey(i: number): string {
  return `BENCH${String(i).padStart(11, "0")}`;
}
export function benchDomain(i: number): string {
  return `site${i}.example.com`;
}

/** Runs one parameterised statement: postgres.js `sql.unsafe` or PGlite `query`, so both can seed. */
export type RunSql = (text: string, params?: unknown[]) => Promise<unknown[]>;

/** Grows the bench licenses to `total` rows (1-based), in batches of set-based inserts. */
export async function growLicenses(run: RunSql, from: number, total: number): Promise<void> {
  const [ids] = (await run(`
    select p.vendor_id, p.id as product_id, pl.id as plan_id
    from products p join vendors v on v.id = p.vendor_id join plans pl on pl.product_id = p.id
    where v.slug = 'demo' and p.kind = 'software' and p.number = 1 and pl.number = 1`)) as {
    vendor_id: string;
    product_id: string;
    plan_id: string;
  }[];
  if (!ids) throw new Error("bench: demo catalog missing");
  // Bulk load: foreign-key and change triggers off for this session where allowed (superuser,
  // as the local Postgres and PGlite are): the rows are generated consistent, and per-row FK
  // checks were most of the 80 s a million licenses took. Not allowed: seed with them on.
  await run("set session_replication_role = replica").catch(() => undefined);
  const batch = 100_000;
  for (let start = from; start <= total; start += batch) {
    const end = Math.min(total, start + batch - 1);
    // One statement (one transaction) per batch: the seats of licenses created in the same
    // transaction send no change messages (migration 0004), so seeding floods no cache.
    await run(
      `with l as (
         insert into licenses (id, vendor_id, product_id, plan_id, duration_value, duration_unit, key, status,
                               binding_kind, max_seats, starts_at, expires_at, activated_at, lifecycle_due_at)
         select 'lic_bench' || i, $1, $2, $3, 1, 'month',
                'BENCH' || lpad(i::text, 11, '0'), 'active', 'domain', 1, now(), now() + interval '1 year', now(),
                -- As the scheduler leaves them (the trigger that arms it is off while seeding): next
                -- looked at a reminder offset (7 days) before expiry.
                now() + interval '1 year' - interval '7 days'
         from generate_series($4::int, $5::int) i)
       insert into activations (id, vendor_id, license_id, kind, value, label, activated_at)
       select 'act_bench' || i, $1, 'lic_bench' || i, 'domain',
              'site' || i || '.example.com', 'site' || i || '.example.com', now()
       from generate_series($4::int, $5::int) i`,
      [ids.vendor_id, ids.product_id, ids.plan_id, start, end],
    );
  }
  await run("set session_replication_role = default").catch(() => undefined);
  // Vacuumed as well as analysed: otherwise autovacuum picks the new rows up while the next
  // figures are measured, and takes the CPU they need (a database at rest is what is measured).
  await run("vacuum (analyze) licenses");
  await run("vacuum (analyze) activations");
}
