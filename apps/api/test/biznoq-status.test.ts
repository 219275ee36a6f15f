import { DEMO } from "@keyway/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { createOtherVendor } from "./helpers-license";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const status = (key: string, headers: Record<string, string>) =>
  fetch(`${server.url}/api/purchase/status/${encodeURIComponent(key)}`, { headers });

describe("GET /api/purchase/status/:licenseKey (seed 000)", () => {
  it("answers the seed's example verbatim with the seed's credentials", async () => {
    const res = await status(DEMO.licenses.addon, {
      "x-api-key": "biz_a5d3a2bbd99f4f6bbb46acbfd236be3b",
      "x-api-secret": "sec_default_secret_biznoq_2026_key_string",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      success: true,
      license: {
        licenseKey: "GA-X3R9-K9L2-M4P1",
        addonName: "Smart Item Trading Analyzer",
        addonVersion: "1.0.0",
        serialNo: "B-12345678",
        status: "verified",
        activatedAt: "2026-05-29 18:47:32",
        expiresAt: "2027-05-29",
      },
    });
  });

  it.each([
    [DEMO.licenses.expired, "expired"],
    [DEMO.licenses.suspended, "suspended"],
    [DEMO.licenses.active, "verified"],
  ])("%s reads %s", async (key, expected) => {
    const res = await status(key, demoHeaders.biznoq);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { license: { status: string } }).license.status).toBe(expected);
  });

  it("answers 401 in the envelope without or with wrong credentials", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { "x-api-key": DEMO.biznoq.key, "x-api-secret": "wrong" },
    ];
    for (const headers of attempts) {
      const res = await status(DEMO.licenses.addon, headers);
      expect(res.status).toBe(401);
      const body = (await res.json()) as { success: boolean; message: string };
      expect(body.success).toBe(false);
      expect(body.message).toMatch(/^Unauthorized/);
    }
  });

  it("answers 404 for an unknown key, and for another vendor's license", async () => {
    const unknown = await status("GA-ZZZZ-ZZZZ-ZZZZ", demoHeaders.biznoq);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ success: false, message: "The license was not found." });
    const other = await createOtherVendor(server.testDb.db);
    const foreign = await status(DEMO.licenses.addon, other.headers);
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { success: boolean }).success).toBe(false);
  });

  it("answers a malformed key in the envelope with a 4xx", async () => {
    for (const key of ["'; drop table licenses;--", "K".repeat(10_240), "%00"]) {
      const res = await status(key, demoHeaders.biznoq);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      const body = (await res.json()) as { success: boolean };
      expect(body.success).toBe(false);
    }
  });
});
