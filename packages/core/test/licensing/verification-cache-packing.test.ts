import { createTestDb, type TestDb } from "@keyway/db/testing";
import { DEFAULT_KEY_FORMAT } from "@keyway/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type LicenseSnapshot,
  loadLicenseSnapshotByKey,
  SNAPSHOT_LICENSE_COLUMNS,
} from "../../src/licensing/license-snapshot";
import { SnapshotStore } from "../../src/licensing/verification-cache-store";
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
    // `lastVerifiedAt` is selected from its own table (a SQL expression, not a column): a date.
    const type: string = "dataType" in column ? column.dataType : "date";
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

/** `s` stored under `key` in a fresh store and read back. */
function roundTrip(s: LicenseSnapshot, key = s.license.key): LicenseSnapshot | undefined {
  const store = new SnapshotStore(10);
  expect(store.set(key, s)).toBe(true);
  return store.get(key);
}

const seat = (n: number, label: string | null, value = `site${n}.example`) => ({
  id: `act_${n}`,
  kind: "domain" as const,
  value,
  label,
  activatedAt: new Date(Date.UTC(2030, 1, n)),
  lastVerifiedAt: n % 2 ? new Date(Date.UTC(2030, 2, n)) : null,
  heartbeatAt: n % 3 ? null : new Date(Date.UTC(2030, 3, n)),
});

/** The common shape: no metadata, name, customer, order, add-ons or grants of its own. */
function plain(): LicenseSnapshot {
  const s = snapshot();
  s.license = {
    ...s.license,
    customerId: null,
    orderId: null,
    name: null,
    metadata: null,
    durationValue: null,
    durationUnit: null,
    planId: null,
    renewedAt: null,
    suspendedAt: null,
    revokedAt: null,
    importedAt: null,
    testMode: false,
    clockPending: false,
  };
  s.plan = null;
  s.activations = [];
  s.entitlements = [];
  s.addons = [];
  return s;
}

describe("the verification cache's packing", () => {
  it("keeps every license column: one added to the schema and not packed fails here by name", () => {
    const original = snapshot();
    const unpacked = roundTrip(original);
    expect(Object.keys(unpacked?.license ?? {}).sort()).toEqual(licenseColumns());
    expect(unpacked).toStrictEqual(original);
  });

  it("gives back what it was given, with and without seats, add-ons, entitlements and metadata", () => {
    const variants: [string, (s: LicenseSnapshot) => void][] = [
      ["the common shape", () => {}],
      ["one seat, label as typed", (s) => (s.activations = [seat(1, "site1.example")])],
      ["one seat, no label", (s) => (s.activations = [seat(2, null)])],
      ["one seat, its own label", (s) => (s.activations = [seat(3, "https://Site3.example/")])],
      ["three seats", (s) => (s.activations = [seat(4, null), seat(5, "Five"), seat(6, "site6.example")])],
      ["entitlements", (s) => (s.entitlements = ["API_ACCESS", "PRO_EXPORT"])],
      ["metadata", (s) => (s.license.metadata = { team: "ops", nested: { n: 1 } })],
      ["an empty metadata object", (s) => (s.license.metadata = {})],
      [
        "add-ons",
        (s) =>
          (s.addons = [
            { licenseId: "lic_a", status: "active", expiresAt: null, entitlements: ["EXTRA"] },
            {
              licenseId: "lic_b",
              status: "suspended",
              expiresAt: new Date(Date.UTC(2031, 0, 1)),
              entitlements: [],
            },
          ]),
      ],
      [
        "a customer, an order and a plan",
        (s) => {
          s.license = {
            ...s.license,
            customerId: "cus_1",
            orderId: "ord_1",
            planId: "pln_1",
            durationValue: 0,
            durationUnit: "month",
          };
          s.plan = { id: "pln_1", number: 2, name: "Yearly" };
        },
      ],
      [
        "empty strings, not nulls",
        (s) => {
          s.license = { ...s.license, customerId: "", orderId: "", name: "" };
          s.activations = [seat(7, "", "")];
        },
      ],
      [
        "text beyond Latin-1, and a separator-like character",
        (s) => {
          s.license.name = "Serveur de build — 東京 🚀 \u0000 end";
          s.activations = [seat(8, "bücher.example", "xn--bcher-kva.example")];
        },
      ],
      ["a name longer than a one-character length", (s) => (s.license.name = "n".repeat(70_000))],
      [
        "negative and large numbers",
        (s) => {
          s.license = {
            ...s.license,
            durationValue: -5,
            maxSeats: 2_000_000_000,
            testMode: true,
            clockPending: true,
          };
        },
      ],
      ["times before 1970", (s) => (s.license.startsAt = new Date(Date.UTC(1960, 5, 1, 3, 4, 5, 6)))],
    ];
    for (const [name, change] of variants) {
      const original = plain();
      change(original);
      expect(roundTrip(original), name).toStrictEqual(original);
      // And with everything else present.
      const full = snapshot();
      change(full);
      expect(roundTrip(full), `${name}, every column set`).toStrictEqual(full);
    }
  });

  it("keeps the license's own key when it is cached under another spelling", () => {
    const original = plain();
    expect(roundTrip(original, "another spelling")).toStrictEqual(original);
  });

  it("hands out a fresh snapshot per read: changing one does not change the cache", () => {
    const store = new SnapshotStore(10);
    const original = snapshot();
    store.set("k", original);
    const first = store.get("k");
    if (!first) throw new Error("not held");
    first.license.status = "revoked";
    first.license.expiresAt = null;
    first.activations.pop();
    first.addons.length = 0;
    expect(store.get("k")).toStrictEqual(snapshot());
  });

  it("notes a verification's time on the license and on the seat it names", () => {
    const store = new SnapshotStore(10);
    const one = plain();
    one.license.name = "named";
    one.activations = [seat(1, "own label")];
    const many = plain();
    many.activations = [seat(2, null), seat(3, null)];
    store.set("one", one);
    store.set("many", many);
    const at = new Date(Date.UTC(2031, 4, 5));
    store.touch("one", at, { id: "act_1", at });
    store.touch("many", null, { id: "act_3", at });
    store.touch("one", null, { id: "act_9", at: new Date(0) });
    store.touch("absent", at, null);
    expect(store.get("one")?.license.lastVerifiedAt).toEqual(at);
    expect(store.get("one")?.activations[0]?.lastVerifiedAt).toEqual(at);
    expect(store.get("many")?.license.lastVerifiedAt).toEqual(one.license.lastVerifiedAt);
    expect(store.get("many")?.activations.map((a) => a.lastVerifiedAt)).toEqual([null, at]);
  });

  it("lets the least recently used license go first, and reuses its room", () => {
    const store = new SnapshotStore(3);
    const of = (key: string) => ({ ...plain(), license: { ...plain().license, id: `lic_${key}`, key } });
    for (const key of ["a", "b", "c"]) store.set(key, of(key));
    store.get("a");
    store.set("d", of("d"));
    expect(["a", "b", "c", "d"].filter((k) => store.has(k))).toEqual(["a", "c", "d"]);
    store.set("c", of("c"));
    store.set("e", of("e"));
    expect(["a", "c", "d", "e"].filter((k) => store.has(k))).toEqual(["c", "d", "e"]);
    store.delete("d");
    store.set("f", of("f"));
    expect(store.size).toBe(3);
    for (const key of ["c", "e", "f"]) expect(store.get(key)).toStrictEqual(of(key));
    store.clear();
    expect(store.size).toBe(0);
    for (const key of ["g", "h", "i", "j"]) store.set(key, of(key));
    expect(["g", "h", "i", "j"].filter((k) => store.has(k))).toEqual(["h", "i", "j"]);
    for (const key of ["h", "i", "j"]) expect(store.get(key)).toStrictEqual(of(key));
  });

  it("grows past its first columns and keeps what it held", () => {
    const store = new SnapshotStore(5_000);
    const of = (i: number) => {
      const s = plain();
      s.license = { ...s.license, id: `lic_${i}`, key: `K${i}`, maxSeats: i };
      s.activations = i % 2 ? [seat(i, null)] : [];
      return s;
    };
    for (let i = 0; i < 5_000; i += 1) store.set(`K${i}`, of(i));
    expect(store.size).toBe(5_000);
    for (const i of [0, 1, 1_023, 1_024, 1_537, 4_999]) expect(store.get(`K${i}`)).toStrictEqual(of(i));
  });

  it("does not hold what it could not give back exactly (an invalid date)", () => {
    const store = new SnapshotStore(10);
    store.set("k", plain());
    const broken = plain();
    broken.license.createdAt = new Date(Number.NaN);
    expect(store.set("k", broken)).toBe(false);
    expect(store.has("k")).toBe(false);
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
    expect(roundTrip(read)).toStrictEqual(read);
  });
});
