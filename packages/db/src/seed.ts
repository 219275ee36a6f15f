import { eq, inArray } from "drizzle-orm";
import type { Database } from "./client";
import { hashSecret, secretHint } from "./crypto";
import {
  activations,
  apiCredentials,
  customers,
  type KeyFormat,
  licenses,
  planPrices,
  plans,
  products,
  vendors,
} from "./schema/index";

/**
 * The demo vendor: its credentials and catalog are the ones printed in the three seed
 * documents, so their examples run verbatim against a fresh `pnpm start`.
 */
export const DEMO = {
  vendorSlug: "demo",
  biznoq: {
    key: "biz_a5d3a2bbd99f4f6bbb46acbfd236be3b",
    secret: "sec_default_secret_biznoq_2026_key_string",
  },
  jframework: { brandUrl: "YOUR_BRAND_URL", authKey: "YOUR_AUTH_KEY" },
  packageId: "Plakdiooh209sz",
  subscriptionTypeId: "Plakdiooh209sz",
  licenses: {
    active: "ABCDEF1234567890",
    expired: "EXPIRED000000001",
    suspended: "SUSPENDED0000001",
    addon: "GA-X3R9-K9L2-M4P1",
  },
} as const;

import { UNAMBIGUOUS_ALPHABET as UNAMBIGUOUS } from "@keyway/schema";

const softwareKeys: KeyFormat = {
  prefix: "",
  groups: 1,
  groupLength: 16,
  separator: "-",
  alphabet: UNAMBIGUOUS,
};
const addonKeys: KeyFormat = {
  prefix: "GA",
  groups: 3,
  groupLength: 4,
  separator: "-",
  alphabet: UNAMBIGUOUS,
};
const suiteKeys: KeyFormat = {
  prefix: "BZ",
  groups: 3,
  groupLength: 4,
  separator: "-",
  alphabet: UNAMBIGUOUS,
};
const packageKeys: KeyFormat = {
  prefix: "JF",
  groups: 4,
  groupLength: 4,
  separator: "-",
  alphabet: UNAMBIGUOUS,
};

export interface SeedResult {
  created: boolean;
  vendorId: string;
}

/**
 * Whether this database holds the demo vendor or any credential whose secret is one printed in
 * the public seed documents (a renamed demo vendor is as open as the original).
 */
export async function hasDemoData(db: Database): Promise<boolean> {
  const publicSecrets = [DEMO.biznoq.secret, DEMO.jframework.authKey].map(hashSecret);
  const [vendor] = await db.select({ id: vendors.id }).from(vendors).where(eq(vendors.slug, DEMO.vendorSlug));
  if (vendor) return true;
  const [credential] = await db
    .select({ id: apiCredentials.id })
    .from(apiCredentials)
    .where(inArray(apiCredentials.secretHash, publicSecrets))
    .limit(1);
  return credential !== undefined;
}

/** Idempotent: a second run finds the demo vendor and changes nothing. */
export async function seedDemo(db: Database, now: Date = new Date()): Promise<SeedResult> {
  const existing = await db.select({ id: vendors.id }).from(vendors).where(eq(vendors.slug, DEMO.vendorSlug));
  if (existing[0]) return { created: false, vendorId: existing[0].id };

  return db.transaction(async (tx) => {
    const [vendor] = await tx
      .insert(vendors)
      .values({
        slug: DEMO.vendorSlug,
        name: "Biznoq Demo Store",
        brandUrl: DEMO.jframework.brandUrl,
        timezone: "Asia/Kolkata",
        currency: "INR",
      })
      .returning();
    if (!vendor) throw new Error("seed: vendor insert returned nothing");
    const vendorId = vendor.id;

    await tx.insert(apiCredentials).values([
      {
        vendorId,
        name: "Biznoq integration (demo)",
        key: DEMO.biznoq.key,
        secretHash: hashSecret(DEMO.biznoq.secret),
        secretHint: secretHint(DEMO.biznoq.secret),
      },
      {
        vendorId,
        name: "JFramework integration (demo)",
        key: "jf_demo_brand_key",
        secretHash: hashSecret(DEMO.jframework.authKey),
        secretHint: secretHint(DEMO.jframework.authKey),
      },
    ]);

    const [software, addon, suite, pkg] = await tx
      .insert(products)
      .values([
        {
          vendorId,
          kind: "software",
          number: 1,
          slug: "example-product",
          name: "Example Product",
          version: "1.0.0",
          description: "A web application licensed per installation domain.",
          keyFormat: softwareKeys,
          bindingKind: "domain",
          maxSeats: 1,
        },
        {
          vendorId,
          kind: "addon",
          number: 1,
          slug: "trading-analyzer",
          name: "Smart Item Trading Analyzer",
          version: "1.0.0",
          description: "Item-wise trading analysis for Busy accounting.",
          keyFormat: addonKeys,
          bindingKind: "serial",
          maxSeats: 1,
          price: 299900,
          currency: "INR",
          durationValue: 1,
          durationUnit: "year",
        },
        {
          vendorId,
          kind: "software",
          number: 2,
          slug: "business-suite",
          name: "Biznoq Business Suite",
          version: "2.4.0",
          description: "Every Biznoq add-on for one Busy installation, billed monthly or yearly.",
          keyFormat: suiteKeys,
          bindingKind: "serial",
          maxSeats: 1,
        },
        {
          id: DEMO.packageId,
          vendorId,
          kind: "package",
          number: 1,
          slug: "team-licenses",
          name: "Team License Package",
          description: "Seat licenses for teams, valid for a chosen period.",
          keyFormat: packageKeys,
          bindingKind: "fingerprint",
          maxSeats: 1,
        },
      ])
      .returning();
    if (!software || !addon || !suite || !pkg) throw new Error("seed: product insert returned nothing");

    // Plans are numbered in insertion order: 1 = Monthly Plan, 2 = Business Suite, 3 = package.
    const [monthly] = await tx
      .insert(plans)
      .values({ vendorId, productId: software.id, name: "Monthly Plan" })
      .returning();
    const [business] = await tx
      .insert(plans)
      .values({ vendorId, productId: suite.id, name: "Business Suite" })
      .returning();
    const [subscriptionType] = await tx
      .insert(plans)
      .values({ id: DEMO.subscriptionTypeId, vendorId, productId: pkg.id, name: "Monthly seat" })
      .returning();
    if (!monthly || !business || !subscriptionType) throw new Error("seed: plan insert returned nothing");

    await tx.insert(planPrices).values([
      {
        vendorId,
        planId: monthly.id,
        billingCycle: "monthly",
        durationValue: 1,
        durationUnit: "month",
        amount: 49900,
        currency: "INR",
      },
      {
        vendorId,
        planId: business.id,
        billingCycle: "monthly",
        durationValue: 1,
        durationUnit: "month",
        amount: 79900,
        currency: "INR",
      },
      {
        vendorId,
        planId: business.id,
        billingCycle: "yearly",
        durationValue: 1,
        durationUnit: "year",
        amount: 799900,
        currency: "INR",
      },
      {
        vendorId,
        planId: subscriptionType.id,
        billingCycle: "monthly",
        durationValue: 1,
        durationUnit: "month",
        amount: 999,
        currency: "USD",
      },
    ]);

    const [customer] = await tx
      .insert(customers)
      .values({ vendorId, phone: "9460439200", email: "buyer@example.com", name: "Demo Buyer" })
      .returning();

    const inAMonth = addMonths(now, 1);
    const inAYear = addMonths(now, 12);
    const seeded = await tx
      .insert(licenses)
      .values([
        {
          vendorId,
          productId: software.id,
          customerId: customer?.id,
          planId: monthly.id,
          durationValue: 1,
          durationUnit: "month",
          key: DEMO.licenses.active,
          status: "active",
          bindingKind: "domain",
          startsAt: now,
          activatedAt: now,
          expiresAt: inAMonth,
        },
        {
          vendorId,
          productId: software.id,
          customerId: customer?.id,
          planId: monthly.id,
          durationValue: 1,
          durationUnit: "month",
          key: DEMO.licenses.expired,
          status: "active",
          bindingKind: "domain",
          startsAt: new Date("2026-02-01T00:00:00+05:30"),
          activatedAt: new Date("2026-02-01T10:00:00+05:30"),
          expiresAt: new Date("2026-03-01T23:59:59+05:30"),
        },
        {
          vendorId,
          productId: software.id,
          customerId: customer?.id,
          planId: monthly.id,
          durationValue: 1,
          durationUnit: "month",
          key: DEMO.licenses.suspended,
          status: "suspended",
          bindingKind: "domain",
          startsAt: now,
          activatedAt: now,
          suspendedAt: now,
          expiresAt: inAYear,
        },
        {
          vendorId,
          productId: addon.id,
          customerId: customer?.id,
          durationValue: 1,
          durationUnit: "year",
          key: DEMO.licenses.addon,
          status: "active",
          bindingKind: "serial",
          startsAt: new Date("2026-05-29T18:47:32+05:30"),
          activatedAt: new Date("2026-05-29T18:47:32+05:30"),
          expiresAt: new Date("2027-05-29T18:47:32+05:30"),
        },
      ])
      .returning();

    const byKey = new Map(seeded.map((l) => [l.key, l]));
    const bind = (key: string, kind: "domain" | "serial", value: string, label: string) => {
      const license = byKey.get(key);
      if (!license) throw new Error(`seed: license ${key} missing`);
      return { vendorId, licenseId: license.id, kind, value, label, activatedAt: license.activatedAt ?? now };
    };
    await tx
      .insert(activations)
      .values([
        bind(DEMO.licenses.active, "domain", "example.com", "example.com"),
        bind(DEMO.licenses.expired, "domain", "example.org", "example.org"),
        bind(DEMO.licenses.suspended, "domain", "example.net", "example.net"),
        bind(DEMO.licenses.addon, "serial", "12345678", "B-12345678"),
      ]);

    return { created: true, vendorId };
  });
}

function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}
