import SwaggerParser from "@apidevtools/swagger-parser";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe("/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document covering the native API, the hot path and Blenddoit", async () => {
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/licenses/validate",
        "/licenses/{licenseId}",
        "/orders",
        "/webhook-endpoints",
      ]),
    );
  });

  it("describes each route's errors in its own words, not another route's", async () => {
    type Responses = Record<string, { description: string }>;
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Responses }>>;
    };
    const refund = document.paths["/orders/{orderId}/refund"]?.post?.responses;
    const product = document.paths["/products/{productId}"]?.get?.responses;
    expect(refund?.["404"]?.description).toBe("No such order for this vendor");
    expect(refund?.["409"]?.description).toMatch(/not paid/);
    expect(product?.["404"]?.description).toMatch(/product/i);
  });

  it("passes swagger-parser as OpenAPI 3.1, at version 1.1.0 with its versioning policy", async () => {
    const document = await served();
    // swagger-parser dereferences in place: give it a copy.
    const parsed = (await SwaggerParser.validate(structuredClone(document) as never)) as { openapi?: string };
    expect(parsed.openapi).toMatch(/^3\.1\./);
    expect(document.info.version).toBe("1.1.0");
    expect(document.info.description).toMatch(/\/api\/v2/);
    expect(document.info.description).toMatch(/console/i);
  });

  it("answers every error of every native operation with the one schema of its status", async () => {
    const document = await served();
    const schemas = document.components.schemas;
    expect(Object.keys(schemas).filter((name) => name.startsWith("error."))).toEqual([]);
    const forbidden = schemas.Error403 as {
      properties: Record<string, { properties?: Record<string, unknown> }>;
    };
    expect(forbidden.properties.code).toMatchObject({ const: "FORBIDDEN" });
    expect(forbidden.properties.data?.properties?.code).toMatchObject({
      enum: expect.arrayContaining(["license_expired", "binding_mismatch"]),
    });
    expect(forbidden.properties.data?.properties?.httpStatus).toMatchObject({ const: 403 });
    let checked = 0;
    for (const [path, method, operation] of nativeOperations(document)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        const ref = response.content?.["application/json"]?.schema?.$ref;
        expect(ref, `${method} ${path} ${status}`).toBe(`#/components/schemas/Error${status}`);
        expect(schemas[`Error${status}`], `Error${status}`).toBeDefined();
        checked++;
      }
      expect(Object.keys(operation.responses), `${method} ${path}`).toEqual(
        expect.arrayContaining(["400", "500"]),
      );
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("lets protected operations take either the bearer secret or the key pair; public ones need none", async () => {
    const document = await served();
    expect(document.components.securitySchemes).toMatchObject({
      bearer: { type: "http", scheme: "bearer" },
      apiKey: { type: "apiKey", in: "header", name: "x-api-key" },
      apiSecret: { type: "apiKey", in: "header", name: "x-api-secret" },
    });
    const publicOnes = [
      "/licenses/validate",
      "/licenses/activate",
      "/licenses/deactivate",
      "/licenses/heartbeat",
      "/licenses/offline/activate",
      "/licenses/offline/release",
      "/health",
    ];
    for (const [path, method, operation] of nativeOperations(document)) {
      if (publicOnes.includes(path) || path.startsWith("/vendors/{vendorSlug}/signing-key")) {
        expect(operation.security, `${method} ${path}`).toEqual([]);
      } else {
        expect(operation.security, `${method} ${path}`).toEqual([
          { bearer: [] },
          { apiKey: [], apiSecret: [] },
        ]);
        expect(Object.keys(operation.responses), `${method} ${path}`).toContain("401");
      }
    }
  });

  it("authenticates a documented call with either scheme", async () => {
    for (const headers of [demoHeaders.bearer, demoHeaders.biznoq]) {
      const res = await fetch(`${server.url}/api/v1/licenses?limit=1`, { headers });
      expect(res.status).toBe(200);
    }
    const res = await fetch(`${server.url}/api/v1/licenses`, {
      headers: { "x-api-key": demoHeaders.biznoq["x-api-key"] },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      code: "UNAUTHORIZED",
      data: { code: "unauthorized", httpStatus: 401 },
    });
  });

  it("a body of optional fields may be left out, as the server allows: suspend with no body at all", async () => {
    type Op = { requestBody?: { required?: boolean } };
    const paths = (await served()).paths as Record<string, Record<string, Op>>;
    expect(paths["/licenses/{licenseId}/suspend"]?.post?.requestBody?.required).toBe(false);
    expect(paths["/orders"]?.post?.requestBody?.required).toBe(true);
    const list = await fetch(`${server.url}/api/v1/licenses?limit=1&status=active`, {
      headers: demoHeaders.bearer,
    });
    const [license] = ((await list.json()) as { items: { id: string }[] }).items;
    const res = await fetch(`${server.url}/api/v1/licenses/${license?.id}/suspend`, {
      method: "POST",
      headers: demoHeaders.bearer,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe("suspended");
  });
});

interface Operation {
  tags?: string[];
  security?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}
interface ServedDocument {
  openapi: string;
  info: { version: string; description: string };
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

async function served(): Promise<ServedDocument> {
  return (await (await fetch(`${server.url}/openapi.json`)).json()) as ServedDocument;
}

/**
 * The native operations (the dialects, tagged so, answer in their own envelopes and schemes; so
 * does the public picture route, served outside /api/v1 by its own `servers`).
 */
function* nativeOperations(document: ServedDocument): Generator<[string, string, Operation]> {
  for (const [path, item] of Object.entries(document.paths)) {
    if (item.servers) continue;
    for (const method of ["get", "post", "put", "patch", "delete"]) {
      const operation = item[method] as Operation | undefined;
      if (operation && !operation.tags?.includes("dialects")) yield [path, method, operation];
    }
  }
}
