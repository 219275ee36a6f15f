import { DEMO } from "@keyway/db/seed";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import {
  clientTypesOf,
  committedClientTypes,
  regenerateCommand,
  servedDocument,
} from "./generated-client/generate";
import type { paths } from "./generated-client/openapi";

// A client generated from the served document: if a route drifts from it, either the committed
// types no longer match (first test) or the calls below stop type-checking (`pnpm typecheck`).
let server: TestServer;
let client: ReturnType<typeof createClient<paths>>;
beforeAll(async () => {
  server = await startTestServer();
  client = createClient<paths>({ baseUrl: `${server.url}/api/v1` });
});
afterAll(async () => {
  await server.close();
});

/** The first line where two texts part (a whole-file diff of thousands of lines would drown the message). */
function firstDifference(committed: string, generated: string) {
  const [a, b] = [committed.split("\n"), generated.split("\n")];
  const line = a.findIndex((text, i) => text !== b[i]);
  if (line === -1 && a.length === b.length) return undefined;
  const at = line === -1 ? a.length : line;
  return { line: at + 1, committed: a[at], generated: b[at] };
}

describe("the generated client", () => {
  it("is generated from the document the server serves", async () => {
    const fromServedDocument = await clientTypesOf(await servedDocument(server.url));
    expect(
      firstDifference(await committedClientTypes(), fromServedDocument),
      `test/generated-client/openapi.d.ts is stale: run \`${regenerateCommand}\` and commit it`,
    ).toBeUndefined();
  });

  it("lists the vendor's licenses with a Bearer secret and with the key pair", async () => {
    for (const headers of [demoHeaders.bearer, demoHeaders.biznoq]) {
      const { data, error } = await client.GET("/licenses", { params: { query: { limit: 50 } }, headers });
      expect(error).toBeUndefined();
      const active = data?.items.find((license) => license.key === DEMO.licenses.active);
      expect(active?.status).toBe("active");
      expect(active?.id).toMatch(/^lic_/);
    }
  });

  it("validates a license without credentials, and names an unknown key's error in data.code", async () => {
    const valid = await client.POST("/licenses/validate", { body: { key: DEMO.licenses.active } });
    expect(valid.data?.valid).toBe(true);
    expect(valid.data?.license.key).toBe(DEMO.licenses.active);

    const unknown = await client.POST("/licenses/validate", { body: { key: "NOSUCHKEY0000000" } });
    expect(unknown.response.status).toBe(404);
    expect(unknown.data).toBeUndefined();
    expect(unknown.error?.data.code).toBe("license_not_found");
  });

  it("creates an order, then reads it back", async () => {
    const created = await client.POST("/orders", {
      headers: demoHeaders.bearer,
      body: { item: { kind: "subscription", planNumber: 2, billingCycle: "monthly", binding: "B-51515151" } },
    });
    expect(created.error).toBeUndefined();
    expect(created.data?.amount).toBe(79900);
    expect(created.data?.paymentUrl).toMatch(/^http/);
    const orderId = created.data?.orderId ?? "";

    const read = await client.GET("/orders/{orderId}", {
      params: { path: { orderId } },
      headers: demoHeaders.bearer,
    });
    expect(read.data).toMatchObject({ id: orderId, status: "pending", kind: "subscription" });
  });

  it("lists webhook endpoints, including one it just created", async () => {
    const created = await client.POST("/webhook-endpoints", {
      headers: demoHeaders.bearer,
      body: { url: "https://example.com/hooks/generated-client", events: ["payment.succeeded"] },
    });
    expect(created.error).toBeUndefined();
    const listed = await client.GET("/webhook-endpoints", { headers: demoHeaders.bearer });
    const endpoint = listed.data?.items.find((item) => item.id === created.data?.id);
    expect(endpoint?.url).toBe("https://example.com/hooks/generated-client");
    expect(endpoint?.events).toEqual(["payment.succeeded"]);
  });

  it("lists the vendor's products", async () => {
    const { data } = await client.GET("/products", { headers: demoHeaders.bearer });
    const names = (data ?? []).map((product) => product.name);
    expect(names).toContain("Example Product");
    expect(data?.every((product) => product.archivedAt === null)).toBe(true);
  });
});
