import { DEMO } from "@keyway/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
});
afterAll(async () => {
  await server.close();
});

const url = () => `${server.url}/api/verify-license.php`;

/** As the seed's cURL / fetch / PHP examples send it. */
async function verify(fields: Record<string, string>) {
  const res = await fetch(url(), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
  return {
    status: res.status,
    body: (await res.json()) as { status: string; message: string; data: unknown },
  };
}

const localDateTime = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const localDate = /^\d{4}-\d{2}-\d{2}$/;

describe("POST /api/verify-license.php (seed 002)", () => {
  it("answers the seed's example request with the documented success body", async () => {
    const { status, body } = await verify({
      software_id: "1",
      license_key: DEMO.licenses.active,
      domain: "example.com",
    });
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(["status", "message", "data"]);
    expect(body.status).toBe("success");
    expect(body.message).toBe("License verified successfully.");
    const data = body.data as Record<string, unknown>;
    expect(Object.keys(data)).toEqual([
      "software_name",
      "license_key",
      "domain",
      "status",
      "expiry_date",
      "source",
      "activated_at",
      "last_verified_at",
      "current_plan_id",
      "current_plan_name",
      "current_duration_value",
      "current_duration_unit",
      "renewed_at",
    ]);
    expect(data).toMatchObject({
      software_name: "Example Product",
      license_key: "ABCDEF1234567890",
      domain: "example.com",
      status: "active",
      source: "license-system",
      current_plan_id: 1,
      current_plan_name: "Monthly Plan",
      current_duration_value: 1,
      current_duration_unit: "month",
      renewed_at: null,
    });
    expect(data.expiry_date).toMatch(localDate);
    expect(data.activated_at).toMatch(localDateTime);
    expect(data.last_verified_at).toMatch(localDateTime);
  });

  it("renders times in the vendor's time zone (Asia/Kolkata, UTC+05:30)", async () => {
    const { body } = await verify({
      software_id: "1",
      license_key: DEMO.licenses.active,
      domain: "example.com",
    });
    const data = body.data as { last_verified_at: string };
    const asUtc = new Date(`${data.last_verified_at.replace(" ", "T")}Z`).getTime() - 330 * 60_000;
    expect(Math.abs(asUtc - Date.now())).toBeLessThan(120_000);
  });

  it("accepts JSON as well, and every domain form the seed lists", async () => {
    for (const domain of ["www.example.com", "https://example.com", "http://www.example.com/path"]) {
      const res = await fetch(url(), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ software_id: 1, license_key: DEMO.licenses.active, domain }),
      });
      expect(res.status, domain).toBe(200);
      expect(((await res.json()) as { data: { domain: string } }).data.domain).toBe("example.com");
    }
  });

  it.each([
    [{ license_key: DEMO.licenses.active, domain: "example.com" }, 400, "Missing required parameters."],
    [{ software_id: "1", domain: "example.com" }, 400, "Missing required parameters."],
    [{ software_id: "1", license_key: DEMO.licenses.active }, 400, "Missing required parameters."],
    [{ software_id: "1", license_key: "", domain: "example.com" }, 400, "Missing required parameters."],
    [
      { software_id: "1", license_key: DEMO.licenses.active, domain: "not a domain" },
      400,
      "Invalid domain format.",
    ],
    [
      // A public IP (a private one is a development address, verified without a seat: dev-domains.test.ts).
      { software_id: "1", license_key: DEMO.licenses.active, domain: "8.8.8.8" },
      400,
      "Invalid domain format.",
    ],
    [
      { software_id: "abc", license_key: DEMO.licenses.active, domain: "example.com" },
      400,
      "Invalid software ID.",
    ],
    [
      { software_id: "999", license_key: DEMO.licenses.active, domain: "example.com" },
      404,
      "Invalid software ID.",
    ],
    [{ software_id: "1", license_key: "ABC'--", domain: "example.com" }, 400, "Invalid license format."],
    [
      { software_id: "1", license_key: "GA-X3R9-K9L2-M4P1", domain: "example.com" },
      400,
      "Invalid license format.",
    ],
    [
      { software_id: "1", license_key: "K".repeat(10_240), domain: "example.com" },
      400,
      "Invalid license format.",
    ],
    [
      { software_id: "1", license_key: "NOSUCHKEY0000000", domain: "example.com" },
      404,
      "License key not found.",
    ],
  ])("error case %#: documented status and message, data []", async (fields, status, message) => {
    const res = await verify(fields as Record<string, string>);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ status: "error", message, data: [] });
  });

  it("answers a domain mismatch with the registered and requested domains", async () => {
    const res = await verify({
      software_id: "1",
      license_key: DEMO.licenses.active,
      domain: "https://newsite.com/x",
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      status: "error",
      message: "License is not registered for this domain.",
      data: { registered_domain: "example.com", requested_domain: "newsite.com" },
    });
  });

  it("answers a suspended license as not active", async () => {
    const res = await verify({
      software_id: "1",
      license_key: DEMO.licenses.suspended,
      domain: "example.net",
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      status: "error",
      message: "License is not active.",
      data: { status: "inactive" },
    });
  });

  it("answers an expired license with the renewal body and the portal's renewal page", async () => {
    const res = await verify({ software_id: "1", license_key: DEMO.licenses.expired, domain: "example.org" });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      status: "error",
      message: "License has expired, please renew now.",
      data: {
        status: "expired",
        expiry_date: "2026-03-01",
        payment_page_url: `${server.url}/renew?key=${DEMO.licenses.expired}`,
        current_plan_id: 1,
        current_plan_name: "Monthly Plan",
        current_duration_value: 1,
        current_duration_unit: "month",
      },
    });
  });

  it("answers malformed bodies and unknown content types in the envelope, never with a stack", async () => {
    const cases: [string, string, number][] = [
      ["application/json", "{not json", 400],
      ["application/json", "[1,2,3]", 400],
      ["text/plain", "software_id=1", 400],
      ["application/xml", "<a/>", 415],
      ["application/x-www-form-urlencoded", "%E0%A4%A=1&&&==", 400],
      [
        "application/x-www-form-urlencoded",
        `software_id=1&license_key=${"A".repeat(40_000)}&domain=x.com`,
        413,
      ],
    ];
    for (const [type, body, status] of cases) {
      const res = await fetch(url(), { method: "POST", headers: { "content-type": type }, body });
      const text = await res.text();
      expect(res.status, `${type} ${body.slice(0, 20)}`).toBe(status);
      const json = JSON.parse(text) as { status: string; data: unknown };
      expect(json.status).toBe("error");
      expect(json.data).toEqual([]);
      expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
    }
  });
});
