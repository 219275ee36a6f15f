import { activations, and, customers, eq, events, licenses } from "@keyway/db";
import { createTestDb, type TestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProduct } from "../../src/catalog/products";
import { exportLicenseFile } from "../../src/licensing/import/export-licenses";
import { importLicenses } from "../../src/licensing/import/import-licenses";
import { verifyLicense } from "../../src/licensing/verify-license";
import { demoSetup, otherVendor } from "./helpers";

let db: TestDb;
let ctx: Awaited<ReturnType<typeof demoSetup>>;

beforeAll(async () => {
  db = await createTestDb();
  ctx = await demoSetup(db.db);
});
afterAll(async () => {
  await db.close();
});

const now = new Date("2031-03-01T10:00:00Z");
const run = (format: "jsonl" | "csv", content: string, dryRun = false, vendorId = ctx.vendorId) =>
  importLicenses(db.db, { vendorId, format, content, dryRun, actor: "user:usr_test", now });
const jsonl = (...rows: object[]) => rows.map((r) => JSON.stringify(r)).join("\n");
let n = 0;
/** A key in a shape no Keyway product generates (as another system's keys are). */
const foreignKey = () => `legacy.${Date.now().toString(36)}.${(n++).toString(36)}-x9`;

async function licenseByKey(key: string) {
  const [row] = await db.db.select().from(licenses).where(eq(licenses.key, key.toUpperCase()));
  return row;
}

describe("importing licenses from another system", () => {
  it("keeps the key, status, expiry, seats and customer; the key verifies as it was", async () => {
    const key = foreignKey();
    const result = await run(
      "jsonl",
      jsonl({
        key,
        product: ctx.software.slug,
        expiresAt: "2032-01-31T00:00:00Z",
        maxSeats: 3,
        activations: ["shop.example.com", { value: "Blog.Example.com", activatedAt: "2030-05-01T00:00:00Z" }],
        customerEmail: "Moved.In@Example.com",
        customerName: "Moved In",
        name: "ACME main site",
      }),
    );
    expect(result).toMatchObject({ dryRun: false, rows: 1, created: 1, unchanged: 0, failed: 0, errors: [] });
    const row = await licenseByKey(key);
    expect(row).toMatchObject({ status: "active", maxSeats: 3, name: "ACME main site" });
    expect(row?.expiresAt?.toISOString()).toBe("2032-01-31T00:00:00.000Z");
    expect(row?.importedAt?.toISOString()).toBe(now.toISOString());
    const seats = await db.db
      .select()
      .from(activations)
      .where(eq(activations.licenseId, row?.id ?? ""));
    expect(seats.map((s) => s.value).sort()).toEqual(["blog.example.com", "shop.example.com"]);
    const [customer] = await db.db
      .select()
      .from(customers)
      .where(eq(customers.id, row?.customerId ?? ""));
    expect(customer).toMatchObject({ email: "moved.in@example.com", name: "Moved In" });
    const [event] = await db.db
      .select()
      .from(events)
      .where(eq(events.licenseId, row?.id ?? ""));
    expect(event?.type).toBe("license.imported");

    // Typed in lower case, on a bound domain: the customer's software sees no difference.
    const outcome = await verifyLicense(db.db, {
      key,
      scope: { kind: "domain", value: "shop.example.com" },
      now,
    });
    expect(outcome.ok).toBe(true);
  });

  it("run twice, the same file changes nothing the second time", async () => {
    const file = jsonl(
      { key: foreignKey(), product: ctx.software.id, status: "suspended" },
      { key: foreignKey(), product: ctx.software.slug, customerPhone: "+91 94604 39200" },
    );
    const first = await run("jsonl", file);
    expect(first).toMatchObject({ created: 2, unchanged: 0, failed: 0 });
    const count = async () =>
      (await db.db.select().from(licenses).where(eq(licenses.vendorId, ctx.vendorId))).length;
    const before = await count();
    const second = await run("jsonl", file);
    expect(second).toMatchObject({ created: 0, unchanged: 2, failed: 0 });
    expect(await count()).toBe(before);
  });

  it("a dry run of a CSV with bad rows reports each row in words and writes nothing", async () => {
    const good = foreignKey();
    const csv = [
      "key,product,status,expiresAt,maxSeats,activations,customerEmail",
      `${good},${ctx.software.slug},active,2032-01-01T00:00:00Z,2,a.example.com;b.example.com,x@example.com`,
      `bad key!,${ctx.software.slug},,,,,`,
      `${foreignKey()},no-such-product,,,,,`,
      `${foreignKey()},${ctx.software.slug},,,1,a.example.com;b.example.com,`,
      `${foreignKey()},${ctx.software.slug},lost,,,,`,
      `${good},${ctx.software.slug},,,,,`,
    ].join("\n");
    const result = await run("csv", csv, true);
    expect(result).toMatchObject({ dryRun: true, rows: 6, created: 1, unchanged: 0, failed: 5 });
    expect(result.errors.map((e) => [e.line, e.field])).toEqual([
      [3, "key"],
      [4, "product"],
      [5, "maxSeats"],
      [6, "status"],
      [7, "key"],
    ]);
    expect(result.errors[1]?.message).toContain("no-such-product");
    expect(result.errors[4]?.message).toContain("line 2");
    expect(await licenseByKey(good)).toBeUndefined();
  });

  it("a key another vendor has is refused without saying whose", async () => {
    const key = foreignKey();
    await run("jsonl", jsonl({ key, product: ctx.software.slug }));
    const other = await otherVendor(db.db);
    const theirs = await createProduct(db.db, {
      vendorId: other,
      kind: "software",
      name: "Their app",
      slug: "their-app",
    });
    const result = await run("jsonl", jsonl({ key, product: theirs.slug }), false, other);
    expect(result).toMatchObject({ created: 0, failed: 1 });
    expect(result.errors[0]?.message).toBe("This key is already in use in Keyway.");
    expect(JSON.stringify(result)).not.toContain(ctx.vendorId);
  });

  it("an unknown field or unreadable line is a row error, not a failed import", async () => {
    const result = await run(
      "jsonl",
      `{"key":"${foreignKey()}","product":"${ctx.software.slug}","owner":"x"}\nnot json`,
    );
    expect(result).toMatchObject({ rows: 2, created: 0, failed: 2 });
    expect(result.errors.map((e) => e.message)).toEqual([
      "Unknown field: owner.",
      "This line is not valid JSON.",
    ]);
  });

  it("an export imports back into another vendor's catalog unchanged", async () => {
    const key = foreignKey();
    await run(
      "jsonl",
      jsonl({
        key,
        product: ctx.software.slug,
        maxSeats: 2,
        activations: ["c.example.com"],
        name: "Round trip",
      }),
    );
    let text = "";
    for await (const part of exportLicenseFile(db.db, { vendorId: ctx.vendorId, format: "jsonl" }))
      text += part;
    const line = text.split("\n").find((l) => l.includes(key.toUpperCase()));
    expect(line).toBeDefined();
    expect(JSON.parse(line ?? "{}")).toMatchObject({
      key: key.toUpperCase(),
      product: ctx.software.slug,
      maxSeats: 2,
      name: "Round trip",
      activations: [{ value: "c.example.com" }],
    });
    let csv = "";
    for await (const part of exportLicenseFile(db.db, { vendorId: ctx.vendorId, format: "csv" })) csv += part;
    expect(csv.split("\n")[0]).toBe(
      "key,product,plan,status,expiresAt,startsAt,createdAt,maxSeats,activations,customerEmail,customerPhone,customerName,name",
    );
    expect(csv).toContain(`${key.toUpperCase()},${ctx.software.slug}`);
    const seats = await db.db
      .select()
      .from(licenses)
      .where(and(eq(licenses.vendorId, ctx.vendorId), eq(licenses.status, "pending")));
    for (const pending of seats) expect(text).not.toContain(pending.key);
  });
});
