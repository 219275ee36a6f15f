import { demoHeaders, startTestServer, type TestServer } from "@keyway/api/testing";
import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeywayClient } from "../src/index";

/** The demo vendor's API secret (seed 000's `x-api-secret`). */
const apiKey = demoHeaders.bearer.authorization.replace("Bearer ", "");
const demoLicense = "ABCDEF1234567890";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
});
afterAll(async () => {
  await server.close();
});

describe("createKeywayClient against a live server", () => {
  it("runs the README example: list the catalog, add an add-on and a plan, read a license", async () => {
    const keyway = createKeywayClient({ url: server.url, apiKey: apiKey });

    const products = await keyway.catalog.listProducts.query({});
    expect(products.map((p) => p.name)).toContain("Smart Item Trading Analyzer");

    const addon = await keyway.catalog.createProduct.mutate({
      kind: "addon",
      name: "GST Reconciler",
      price: 149900,
      durationValue: 1,
      durationUnit: "year",
      bindingKind: "serial",
      keyFormat: { prefix: "GR", groups: 3, groupLength: 4, separator: "-" },
    });
    // The demo holds add-on #1; numbers are per kind, next is max + 1.
    expect(addon).toMatchObject({ kind: "addon", number: 2, currency: "INR", slug: "gst-reconciler" });

    const software = products.find((p) => p.kind === "software");
    if (!software) throw new Error("demo software missing");
    const plan = await keyway.catalog.createPlan.mutate({
      productId: software.id,
      name: "Pro",
      prices: [
        { billingCycle: "monthly", amount: 99900 },
        { billingCycle: "yearly", amount: 999900 },
      ],
    });
    expect(plan.prices.map((p) => [p.billingCycle, p.durationValue, p.durationUnit, p.amount])).toEqual([
      ["monthly", 1, "month", 99900],
      ["yearly", 1, "year", 999900],
    ]);

    const page = await keyway.license.list.query({ key: demoLicense });
    expect(page.items[0]?.key).toBe(demoLicense);
  });

  it("archives instead of deleting: archived products leave the list but stay readable", async () => {
    const keyway = createKeywayClient({ url: server.url, apiKey: apiKey });
    const pkg = await keyway.catalog.createProduct.mutate({ kind: "package", name: "Seat pack" });
    await keyway.catalog.archiveProduct.mutate({ productId: pkg.id });
    const listed = await keyway.catalog.listProducts.query({ kind: "package" });
    expect(listed.map((p) => p.id)).not.toContain(pkg.id);
    const archived = await keyway.catalog.getProduct.query({ productId: pkg.id });
    expect(archived.archivedAt).not.toBeNull();
    const restored = await keyway.catalog.restoreProduct.mutate({ productId: pkg.id });
    expect(restored.archivedAt).toBeNull();
  });

  it("stops selling an archived add-on while its licenses keep working", async () => {
    const keyway = createKeywayClient({ url: server.url, apiKey });
    const addon = (await keyway.catalog.listProducts.query({ kind: "addon" })).find((p) => p.number === 1);
    if (!addon) throw new Error("demo add-on missing");
    await keyway.catalog.archiveProduct.mutate({ productId: addon.id });
    try {
      const refused = await keyway.order.create
        .mutate({
          item: { kind: "addon", productNumber: 1, serialNo: "B-12345678" },
          customer: { phone: "9460439200" },
        })
        .catch((e: unknown) => e);
      expect((refused as TRPCClientError<never>).data).toMatchObject({ code: "not_found" });
      const licenses = await keyway.license.list.query({ productId: addon.id });
      expect(licenses.items.map((l) => l.status)).toContain("active");
    } finally {
      await keyway.catalog.restoreProduct.mutate({ productId: addon.id });
    }
    const sold = await keyway.order.create.mutate({
      item: { kind: "addon", productNumber: 1, serialNo: "B-12345678" },
      customer: { phone: "9460439200" },
    });
    expect(sold.paymentUrl).toContain("/pay/");
  });

  it("gives every concurrently created add-on its own number", async () => {
    const keyway = createKeywayClient({ url: server.url, apiKey: apiKey });
    const made = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        keyway.catalog.createProduct.mutate({ kind: "addon", name: `Parallel add-on ${i}`, price: 100 }),
      ),
    );
    expect(new Set(made.map((p) => p.number)).size).toBe(6);
  });

  it("surfaces errors as typed TRPCClientErrors with the domain code", async () => {
    const bad = createKeywayClient({ url: server.url, apiKey: "sec_wrong" });
    const err = await bad.catalog.listProducts.query({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    expect((err as TRPCClientError<never>).data).toMatchObject({ code: "unauthorized", httpStatus: 401 });

    const keyway = createKeywayClient({ url: server.url, apiKey: apiKey });
    const missing = await keyway.catalog.getProduct.query({ productId: "prd_nope" }).catch((e: unknown) => e);
    expect((missing as TRPCClientError<never>).data).toMatchObject({ code: "not_found", httpStatus: 404 });
    const invalid = await keyway.catalog.createProduct
      .mutate({ kind: "addon", name: "No price" })
      .catch((e: unknown) => e);
    expect((invalid as TRPCClientError<never>).data).toMatchObject({ code: "invalid_input" });
  });
});
