import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordWire } from "./recorder";

/** A bare Node server answering as a careless route would: the recorder must see what went out. */
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/api/v1/things") {
      // Headers through writeHead only (as Fastify does), the body in two writes.
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write('{"name":');
      res.end("42}");
    } else if (req.url === "/api/v1/hidden") {
      res.setHeader("content-type", "application/json");
      res.end("{}");
    } else {
      res.statusCode = 404;
      res.end("not here");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const document = {
  openapi: "3.1.0",
  servers: [{ url: "https://keys.example.com/api/v1" }],
  paths: {
    "/things": {
      get: {
        responses: {
          "200": {
            description: "",
            content: {
              "application/json": {
                schema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
              },
            },
          },
        },
      },
    },
  },
};

describe("recordWire", () => {
  it("checks every answer on a documented or /api/v1 route and reports each wrong one", async () => {
    const wire = recordWire(server, document);
    for (const path of ["/api/v1/things", "/api/v1/hidden", "/portal/page"])
      await (await fetch(base + path)).text();
    wire.stop();
    await (await fetch(`${base}/api/v1/hidden`)).text();
    const report = wire.report() ?? "";
    expect(report).toMatch(/^2 answer\(s\) differ/);
    expect(report).toContain(
      "GET /api/v1/things → 200: body does not match the schema: /name must be string",
    );
    expect(report).toContain("GET /api/v1/hidden → 200: undocumented route");
    expect(report).not.toContain("/portal/page");
  });
});
