import { DEMO } from "@keyway/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing";

describe("rate limits on the public verification routes", () => {
  let server: TestServer;
  beforeAll(async () => {
    // Per key: 3 a minute; per IP: 6 a minute.
    server = await startTestServer({ RATE_LIMIT: "on", RATE_LIMIT_PER_KEY: "3", RATE_LIMIT_MAX: "6" });
  });
  afterAll(async () => {
    await server.close();
  });

  const blenddoit = (key: string) =>
    fetch(`${server.url}/api/verify-license.php`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ software_id: "1", license_key: key, domain: "example.com" }),
    });
  const native = (key: string) =>
    fetch(`${server.url}/api/v1/licenses/validate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key, domain: "example.com" }),
    });

  it("answers 429 with Retry-After in each surface's envelope, per key then per IP", async () => {
    for (let i = 0; i < 3; i++) expect((await blenddoit(DEMO.licenses.active)).status).toBe(200);
    const limited = await blenddoit(DEMO.licenses.active);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toEqual({
      status: "error",
      message: "Too many requests, please try again later.",
      data: [],
    });
    // Other keys still pass until the IP's budget (6 requests, the limited one included) is spent.
    expect((await blenddoit(DEMO.licenses.expired)).status).toBe(403);
    expect((await blenddoit(DEMO.licenses.suspended)).status).toBe(403);
    const byIp = await blenddoit("NOSUCHKEY0000000");
    expect(byIp.status).toBe(429);
    expect(byIp.headers.get("retry-after")).toBeTruthy();

    // The native route has its own counters per surface scope but shares the per-key budget.
    const nativeLimited = await native(DEMO.licenses.active);
    expect(nativeLimited.status).toBe(429);
    expect(nativeLimited.headers.get("retry-after")).toBeTruthy();
    expect(await nativeLimited.json()).toMatchObject({
      code: "TOO_MANY_REQUESTS",
      data: { code: "rate_limited", httpStatus: 429 },
    });
  });
});

describe("RATE_LIMIT=off", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT: "off", RATE_LIMIT_PER_KEY: "1", RATE_LIMIT_MAX: "1" });
  });
  afterAll(async () => {
    await server.close();
  });

  it("turns every limit off", async () => {
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${server.url}/api/verify-license.php`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          software_id: "1",
          license_key: DEMO.licenses.active,
          domain: "example.com",
        }),
      });
      expect(res.status).toBe(200);
    }
  });
});
