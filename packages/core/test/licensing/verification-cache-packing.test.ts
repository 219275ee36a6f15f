import { createTestDb, type TestDb } from "@keyway/db/testing";
import { DEFAULT_KEY_FORMAT } from "@keyway/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type LicenseSnapshot,
  loadLicenseSnapshotByKey,
  SNAPSHOT_LICENSE_COLUMNS,
} from "../../src/licensing/license-snapshot";
import { packSnapshot, SharedValues, unpackSnapshot } from "../../src/licensing/verification-cache-packing";
import { demoSetup, newLicense } from "./helpers";

let db: TestDb;
let ctx: Awaited<ReturnType<typeof demoSetup>>;

beforeAll(async () => {
  db = await createTestDb();
  ctx = await demoSetup(db.db);
});
afterAll(async () => {
  await db.close();
});

const licenseColumns = () => Object.keys(SNAPSHOT_LICENSE_COLUMNS).sort();

/**
 * A value for every column of the `licenses` table a snapshot holds, as drizzle declares it today, none null and
 * none a default: a column added to the schema is in this row, so dropping it shows.
 */
function everyLicenseColumn(): LicenseSnapshot["license"] {
  const row: Record<string, unknown> = {};
  let n = 0;
  for (const [name, column] of Object.entries(SNAPSHOT_LICENSE_COLUMNS)) {
    n += 1;
    const type: string = column.dataType;
    if (type === "date") row[name] = new Date(Date.UTC(2030, 0, n, 12));
    else if (type === "number") row[name] = 100 + n;
    else if (type === "boolean") row[name] = true;
    else if (type === "string") row[name] = `${name} ${n}`;
    else if (type === "json") row[name] = { sample: name, n };
    else throw new Error(`licenses.${name}: give this test a sample ${type} value`);
  }
  return row as LicenseSnapshot["license"];
}

const snapshot = (): LicenseSnapshot => ({
  license: everyLicenseColumn(),
  product: {
    id: "prd_1",
    kind: "software",
    number: 7,
    name: "Example",
    version: "2.1",
    keyFormat: DEFAULT_KEY_FORMAT,
    bindingKind: "domain",
    archivedAt: null,
    seatMode: "floating",
    heartbeatSeconds: 600,
    devDomainPatterns: ["*.preview.example.com"],
  },
  plan: { id: "pln_1", number: 2, name: "Yearly" },
  vendor: { id: "ven_1", slug: "acme", timezone: "Asia/Kolkata" },
  policy: { expiryStrategy: "maintain", gracePeriodDays: 14, clockStartsAt: "first_activation" },
  activations: [
    {
      id: "act_1",
      kind: "domain",
      value: "example.com",
      label: "https://www.Example.com/",
      activatedAt: new Date("2030-02-01T00:00:00Z"),
      lastVerifiedAt: new Date("2030-02-02T00:00:00Z"),
      heartbeatAt: new Date("2030-02-02T00:05:00Z"),
    },
    {
      id: "act_2",
      kind: "domain",
      value: "second.example",
      label: "second.example",
      activatedAt: new Date("2030-02-03T00:00:00Z"),
      lastVerifiedAt: null,
      heartbeatAt: null,
    },
  ],
  entitlements: ["API_ACCESS", "PRO_EXPORT"],
  addons: [
    {
      licenseId: "lic_addon",
      status: "active",
      expiresAt: new Date("2031-01-01T00:00:00Z"),
      entitlements: ["EXTRA_SEATS"],
    },
  ],
});

describe("the verification cache's packing", () => {
  it("keeps every license column: one added to the schema and not packed fails here by name", () => {
    const original = snapshot();
    const packed = packSnapshot(original, new SharedValues());
    expect(Object.keys(packed.license).sort()).toEqual(licenseColumns());
    const unpacked = unpackSnapshot(packed);
    expect(Object.keys(unpacked.license).sort()).toEqual(licenseColumns());
    expect(unpacked).toStrictEqual(original);
  });

  it("a license read from the database answers the same from the cache", async () => {
    const license = await newLicense(db.db, {
      vendorId: ctx.vendorId,
      productId: ctx.software.id,
      binding: { value: "packed.example", label: "https://Packed.example/" },
    });
    const read = await loadLicenseSnapshotByKey(db.db, license.key);
    if (!read) throw new Error("no snapshot");
    expect(read.activations).toHaveLength(1);
    expect(unpackSnapshot(packSnapshot(read, new SharedValues()))).toStrictEqual(read);
  });
});
