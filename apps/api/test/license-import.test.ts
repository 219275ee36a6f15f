import { eq, products } from "@keyway/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { signUpBrowser } from "./console-helpers";

let server: TestServer;
let software: { slug: string; number: number };

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
  const [row] = await server.testDb.db
    .select({ slug: products.slug, number: products.number })
    .from(products)
    .where(eq(products.slug, "example-product"));
  if (!row) throw new Error("no demo product");
  software = row;
});
afterAll(async () => {
  await server.close();
});

interface ImportAnswer {
  dryRun: boolean;
  rows: number;
  created: number;
  unchanged: number;
  failed: number;
  errors: { line: number; key: string | null; field: string | null; message: string }[];
}

async function importFile(
  format: "jsonl" | "csv",
  content: string,
  dryRun = false,
  headers = demoHeaders.bearer,
) {
  const res = await fetch(`${server.url}/api/v1/licenses/import`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ format, content, dryRun }),
  });
  return { status: res.status, body: (await res.json()) as ImportAnswer & { data?: { code: string } } };
}

const run = Date.now().toString(36).toUpperCase();
/** Keys as another system wrote them: lower case, dots, nothing like a Keyway key. */
const legacyKey = (i: number) => `old.${run.toLowerCase()}.${i.toString().padStart(5, "0")}`;

describe("POST /api/v1/licenses/import", () => {
  it("imports 1,000 JSON Lines; an imported key verifies on the Blenddoit route; the same file again changes nothing", async () => {
    const lines = Array.from({ length: 1_000 }, (_, i) =>
      JSON.stringify({
        key: legacyKey(i),
        product: software.slug,
        expiresAt: "2035-01-01T00:00:00Z",
        activations: i % 2 === 0 ? [`site${i}.example.com`] : [],
        customerEmail: `buyer${i % 50}@${run.toLowerCase()}.example.com`,
      }),
    ).join("\n");
    const first = await importFile("jsonl", lines);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ rows: 1_000, created: 1_000, unchanged: 0, failed: 0, errors: [] });

    const verify = await fetch(`${server.url}/api/verify-license.php`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        software_id: String(software.number),
        license_key: legacyKey(7),
        domain: "example.com",
      }),
    });
    expect(verify.status).toBe(200);
    expect(((await verify.json()) as { status: string }).status).toBe("success");

    const again = await importFile("jsonl", lines);
    expect(again.body).toMatchObject({ created: 0, unchanged: 1_000, failed: 0 });
  });

  it("a dry run of a CSV with bad rows names each bad row and writes nothing", async () => {
    const csv = [
      "key,product,status,maxSeats,activations",
      `${legacyKey(90_001)},${software.slug},active,1,a.example.com`,
      `${legacyKey(90_002)},${software.slug},paused,,`,
      `${legacyKey(90_003)},not-a-product,,,`,
    ].join("\n");
    const { status, body } = await importFile("csv", csv, true);
    expect(status).toBe(200);
    expect(body).toMatchObject({ dryRun: true, rows: 3, created: 1, failed: 2 });
    expect(body.errors.map((e) => [e.line, e.field])).toEqual([
      [3, "status"],
      [4, "product"],
    ]);
    const validate = await fetch(`${server.url}/api/v1/licenses/validate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key: legacyKey(90_001) }),
    });
    expect(validate.status).toBe(404);
  });

  it("refuses a file it cannot read as a whole in the REST envelope, and a caller without credentials", async () => {
    const bad = await importFile("csv", "key,product,colour\nA-B-C-D,x,red");
    expect(bad.status).toBe(400);
    expect(bad.body.data?.code).toBe("invalid_input");
    const anonymous = await importFile("jsonl", "", false, {} as typeof demoHeaders.bearer);
    expect(anonymous.status).toBe(401);
  });
});

describe("GET /api/v1/licenses/export", () => {
  it("streams JSON Lines and CSV that import back; refuses without an owner's right", async () => {
    const jsonl = await fetch(`${server.url}/api/v1/licenses/export?format=jsonl`, {
      headers: demoHeaders.bearer,
    });
    expect(jsonl.status).toBe(200);
    expect(jsonl.headers.get("content-type")).toContain("application/x-ndjson");
    expect(jsonl.headers.get("content-disposition")).toMatch(
      /attachment; filename="licenses-\d{4}-\d{2}-\d{2}\.jsonl"/,
    );
    const text = await jsonl.text();
    const rows = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { key: string; activations?: unknown[] });
    const seven = rows.find((r) => r.key === legacyKey(8).toUpperCase());
    expect(seven?.activations).toEqual([{ value: "site8.example.com", activatedAt: expect.any(String) }]);

    const csv = await fetch(`${server.url}/api/v1/licenses/export?format=csv`, {
      headers: demoHeaders.bearer,
    });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const csvText = await csv.text();
    expect(csvText.split("\n")[0]).toMatch(/^key,product,plan,status,/);

    // The export is the import's own shape: every row reads back as already there.
    const back = await importFile("jsonl", text, true);
    expect(back.body).toMatchObject({ created: 0, failed: 0, unchanged: rows.length });

    expect((await fetch(`${server.url}/api/v1/licenses/export`)).status).toBe(401);
    expect(
      (await fetch(`${server.url}/api/v1/licenses/export?format=xml`, { headers: demoHeaders.bearer }))
        .status,
    ).toBe(400);
  });

  it("an owner's console session downloads it; another vendor sees only its own", async () => {
    const other = await signUpBrowser(server.url);
    const res = await fetch(`${server.url}/api/v1/licenses/export`, { headers: { cookie: other.cookie } });
    expect(res.status).toBe(200);
    expect((await res.text()).trim()).toBe("");
  });
});
