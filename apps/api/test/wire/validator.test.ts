import { describe, expect, it } from "vitest";
import { createWireValidator, type WireExchange } from "./validator";

/** A document shaped like the served one: /api/v1 server, a dialect path with its own `servers`. */
const document = {
  openapi: "3.1.0",
  servers: [{ url: "http://localhost:3000/api/v1" }],
  paths: {
    "/licenses/validate": {
      post: { responses: { "200": json({ $ref: "#/components/schemas/Result" }), "404": error404() } },
    },
    "/licenses/{licenseId}": {
      get: { responses: { "200": json({ type: "object", properties: { id: { type: "string" } } }) } },
    },
    "/api/verify-license.php": {
      servers: [{ url: "http://localhost:3000" }],
      post: { responses: { "200": json({ type: "object", required: ["status"] }) } },
    },
  },
  components: {
    schemas: {
      Result: {
        type: "object",
        properties: { valid: { type: "boolean" }, expiresAt: { type: "string", format: "date-time" } },
        required: ["valid"],
        example: { valid: true },
      },
      Error404: {
        type: "object",
        properties: { data: { type: "object", properties: { httpStatus: { const: 404 } } } },
        required: ["message", "data"],
      },
    },
  },
};

function json(schema: unknown) {
  return { description: "", content: { "application/json": { schema } } };
}
function error404() {
  return json({ $ref: "#/components/schemas/Error404" });
}

const validator = createWireValidator(document);
const answer = (over: Partial<WireExchange>): WireExchange => ({
  method: "POST",
  url: "/api/v1/licenses/validate",
  status: 200,
  contentType: "application/json; charset=utf-8",
  body: JSON.stringify({ valid: true }),
  ...over,
});

describe("the wire validator", () => {
  it("passes an answer its operation documents, resolving the document's own refs", () => {
    expect(validator.check(answer({}))).toBeNull();
    const bad = validator.check(answer({ body: JSON.stringify({ valid: "yes", expiresAt: "soon" }) }));
    expect(bad?.problem).toMatch(/\/valid must be boolean/);
    expect(bad?.problem).toMatch(/\/expiresAt must match format "date-time"/);
  });

  it("matches a concrete path before a templated one, and dialect paths under their own server", () => {
    // `/licenses/validate` is not `/licenses/{licenseId}`: a GET there is no documented operation.
    expect(validator.check(answer({ method: "GET", body: "{}" }))?.problem).toBe("undocumented method");
    expect(
      validator.check(answer({ method: "GET", url: "/api/v1/licenses/lic_1?x=1", body: "{}" })),
    ).toBeNull();
    expect(validator.check(answer({ url: "/api/verify-license.php", body: "{}" }))?.problem).toMatch(
      /must have required property 'status'/,
    );
    expect(validator.covers("/api/verify-license.php")).toBe(true);
    expect(validator.covers("/trpc/license.get")).toBe(false);
  });

  it("names a status, a media type or a body the document does not have", () => {
    expect(validator.check(answer({ status: 409 }))?.problem).toMatch(/status not documented .*\(200, 404\)/);
    expect(validator.check(answer({ contentType: "text/html" }))?.problem).toMatch(
      /content type "text\/html"/,
    );
    expect(validator.check(answer({ body: "<html>" }))?.problem).toBe("the body is not JSON");
  });

  it("takes the REST 404 as the answer of a route that does not exist; anything else is undocumented", () => {
    const notFound = JSON.stringify({ message: "Not found.", data: { httpStatus: 404 } });
    expect(validator.check(answer({ url: "/api/v1/nope", status: 404, body: notFound }))).toBeNull();
    expect(validator.check(answer({ url: "/api/v1/nope", status: 200 }))?.problem).toBe("undocumented route");
    expect(validator.check(answer({ url: "/api/v1/nope", status: 404, body: "{}" }))?.problem).toBe(
      "undocumented route",
    );
    expect(validator.covers("/api/v1/nope")).toBe(true);
  });
});
