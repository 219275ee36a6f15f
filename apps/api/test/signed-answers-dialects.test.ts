import { DEMO } from "@keyway/db/seed";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { SignedAnswers } from "./signed-answers-helpers";

/**
 * Signed answers of the dialects (Blenddoit, Biznoq, JFramework), the nonce refused in each
 * surface's own envelope, and the signature headers in /openapi.json (docs/signatures.md §2).
 */
let server: TestServer;
let signed: SignedAnswers;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
  signed = await SignedAnswers.of(server);
});
afterAll(async () => {
  await server.close();
});

describe("dialect answers are signed", () => {
  it("Blenddoit: the seed's example, verified with the header nonce", async () => {
    const answer = await signed.ask("POST", "/api/verify-license.php", {
      form: { software_id: "1", license_key: DEMO.licenses.active, domain: "example.com" },
      nonce: "blenddoit+nonce/1=",
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: "success" });
    expect(await signed.check(answer)).toMatchObject({ valid: true });
  });

  it("Biznoq status, and its 404 for an unknown key (the calling vendor signs)", async () => {
    const ok = await signed.ask("GET", `/api/purchase/status/${DEMO.licenses.active}`, {
      headers: demoHeaders.biznoq,
      nonce: "biznoq-1",
    });
    expect(ok.status).toBe(200);
    expect(await signed.check(ok)).toMatchObject({ valid: true });
    const missing = await signed.ask("GET", "/api/purchase/status/ZZZZZZZZZZZZZZZZ", {
      headers: demoHeaders.biznoq,
    });
    expect(missing.status).toBe(404);
    expect(await signed.check(missing)).toMatchObject({ valid: true });
  });

  it("JFramework check, query string included in the signed target", async () => {
    const answer = await signed.ask("GET", `/api/v1/licenses/check?licenseCode=${DEMO.licenses.active}`, {
      headers: demoHeaders.jframework,
      nonce: "jf~1",
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ success: true, data: true });
    expect(await signed.check(answer)).toMatchObject({ valid: true });
    expect(await signed.check(answer, { path: "/api/v1/licenses/check?licenseCode=OTHER" })).toEqual({
      valid: false,
      reason: "bad_signature",
    });
  });
});

describe("an invalid nonce is a 400 in each surface's envelope", () => {
  const bad = "not a nonce!";

  it("native: a bad header, a bad body field, or the two differing", async () => {
    const cases = [
      { nonce: bad, json: { key: DEMO.licenses.active } },
      { json: { key: DEMO.licenses.active, nonce: "x".repeat(129) } },
      { nonce: "aaa", json: { key: DEMO.licenses.active, nonce: "bbb" } },
    ];
    for (const options of cases) {
      const answer = await signed.ask("POST", "/api/v1/licenses/validate", options);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({
        code: "BAD_REQUEST",
        data: { code: "invalid_nonce", httpStatus: 400 },
      });
    }
  });

  it("Blenddoit, Biznoq and JFramework", async () => {
    const blenddoit = await signed.ask("POST", "/api/verify-license.php", {
      form: { software_id: "1", license_key: DEMO.licenses.active, domain: "example.com" },
      nonce: bad,
    });
    expect(blenddoit.status).toBe(400);
    expect(JSON.parse(blenddoit.body)).toEqual({
      status: "error",
      message: "Invalid nonce (invalid_nonce).",
      data: [],
    });

    const biznoq = await signed.ask("GET", `/api/purchase/status/${DEMO.licenses.active}`, {
      headers: demoHeaders.biznoq,
      nonce: bad,
    });
    expect(biznoq.status).toBe(400);
    expect(JSON.parse(biznoq.body)).toMatchObject({
      success: false,
      message: expect.stringContaining("invalid_nonce"),
    });

    const jframework = await signed.ask("GET", `/api/v1/licenses/check?licenseCode=${DEMO.licenses.active}`, {
      headers: demoHeaders.jframework,
      nonce: bad,
    });
    expect(jframework.status).toBe(400);
    expect(JSON.parse(jframework.body)).toMatchObject({
      success: false,
      statusCode: 400,
      errors: [{ code: "invalid_nonce" }],
    });
  });
});

describe("/openapi.json", () => {
  it("documents the nonce header and the signature headers on every verification route", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string }[]; responses: Record<string, { headers?: object }> }>
      >;
    };
    const operations = [
      doc.paths["/licenses/validate"]?.post,
      doc.paths["/licenses/heartbeat"]?.post,
      doc.paths["/api/verify-license.php"]?.post,
      doc.paths["/api/purchase/status/{licenseKey}"]?.get,
      doc.paths["/licenses/check"]?.get,
    ];
    const validator = new Validator();
    expect((await validator.validate(structuredClone(doc) as never)).errors).toBeUndefined();
    for (const operation of operations) {
      expect(operation?.parameters?.map((p) => p.name)).toContain("X-Keyway-Nonce");
      expect(Object.keys(operation?.responses["200"]?.headers ?? {})).toEqual([
        "Date",
        "Digest",
        "Keyway-Signature",
      ]);
    }
  });
});
