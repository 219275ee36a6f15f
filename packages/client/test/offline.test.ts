import { demoHeaders, startTestServer, type TestServer } from "@keyway/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createActivationRequest, createReleaseCode, verifyCertificateWithKeys } from "../src/index";

/**
 * The machine's side of air-gapped activation against a live server: the request this package
 * makes takes a seat, the certificate answered verifies offline for this machine and nonce only,
 * and the release code frees the seat.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
});

afterAll(async () => {
  await server?.close();
});

async function post<T>(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

describe("air-gapped activation from @keyway/client", () => {
  it("makes a request the server answers with a certificate that verifies offline, and a release code", async () => {
    const product = await post<{ id: string }>(
      "/products",
      { kind: "software", name: "Offline Client Tool", bindingKind: "fingerprint", maxSeats: 1 },
      demoHeaders.bearer,
    );
    expect(product.status).toBe(200);
    const license = await post<{ key: string }>(
      "/licenses",
      { productId: product.body.id },
      demoHeaders.bearer,
    );
    expect(license.status).toBe(200);

    const made = createActivationRequest({
      key: license.body.key,
      fingerprint: " AB:CD:EF:01 ",
      name: "Bench",
    });
    expect(made.request).toMatch(/^kwar1\.[A-Za-z0-9_-]+$/);
    expect(made.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(made.fingerprint).toBe("ab:cd:ef:01");
    expect(createActivationRequest({ key: "K", fingerprint: "f" }).nonce).not.toBe(made.nonce);

    const activated = await post<{ certificate: string }>("/licenses/offline/activate", {
      request: made.request,
    });
    expect(activated.status).toBe(200);
    const keys = (await (await fetch(`${server.url}/api/v1/vendors/demo/signing-keys`)).json()) as Parameters<
      typeof verifyCertificateWithKeys
    >[1];
    const { certificate } = activated.body;
    const expected = { fingerprint: made.fingerprint, nonce: made.nonce };
    expect(verifyCertificateWithKeys(certificate, keys, expected)).toMatchObject({ valid: true });
    expect(verifyCertificateWithKeys(certificate, keys, { ...expected, nonce: "another" })).toMatchObject({
      valid: false,
      reason: "wrong_nonce",
    });
    expect(
      verifyCertificateWithKeys(certificate, keys, { ...expected, fingerprint: "ff:ff:ff:ff" }),
    ).toMatchObject({ valid: false, reason: "wrong_machine" });

    const release = createReleaseCode(certificate);
    expect(release).toMatch(/^kwrl1\.[A-Za-z0-9_-]+$/);
    const freed = await post<{ released: boolean }>("/licenses/offline/release", { release });
    expect(freed.body.released).toBe(true);
  });
});
