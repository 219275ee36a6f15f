import { eq, vendors } from "@keyway/db";
import { VendorSlug } from "@keyway/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiPrefixes } from "../src/plugins/portal";
import { startTestServer, type TestServer } from "../src/testing";
import { TEST_PASSWORD, trpc, uniqueEmail } from "./console-helpers";

/** A store lives at `/<slug>`: a slug that is a portal or server route would never be reached. */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
});
afterAll(async () => {
  await server.close();
});

const signUp = (input: { vendorName: string; slug?: string }) =>
  trpc<{ vendor: { slug: string } }>(server.url, "mutation", "account.signUp", {
    ...input,
    email: uniqueEmail(),
    password: TEST_PASSWORD,
  });

describe("vendor slugs at sign-up", () => {
  it("refuses a slug that is a portal or server route, and creates nothing", async () => {
    for (const slug of ["console", "renew", "Orders", "api", "pay", "trpc", "sign-in", "assets"]) {
      const res = await signUp({ vendorName: "Route Squatter", slug });
      expect(res.status, slug).toBe(400);
      if (res.ok) throw new Error(`${slug} was accepted`);
      expect(res.error.data).toMatchObject({ code: "invalid_input", httpStatus: 400 });
      expect(res.error.message).toContain("This address is reserved; choose another.");
      const taken = await server.deps.db.select().from(vendors).where(eq(vendors.slug, slug.toLowerCase()));
      expect(taken).toEqual([]);
    }
  });

  it("still takes a normal slug, and never derives a reserved one from the store's name", async () => {
    const chosen = `acme-${Math.random().toString(36).slice(2, 8)}`;
    const ok = await signUp({ vendorName: "Acme", slug: chosen });
    expect(ok.ok && ok.data.vendor.slug).toBe(chosen);

    const named = await signUp({ vendorName: "Docs" });
    if (!named.ok) throw new Error(JSON.stringify(named));
    expect(named.data.vendor.slug).toMatch(/^docs-\d+$/);
  });

  it("can never take a path the server answers itself", () => {
    for (const prefix of apiPrefixes) {
      const top = prefix.split("/")[1] ?? "";
      expect(VendorSlug.safeParse(top).success, top).toBe(false);
    }
  });
});
