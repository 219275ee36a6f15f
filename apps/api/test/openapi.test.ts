import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing";

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
});
