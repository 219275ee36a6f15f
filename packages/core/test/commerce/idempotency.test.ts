import { and, eq, idempotencyKeys } from "@keyway/db";
import type { TestDb } from "@keyway/db/testing";
import { createTestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withIdempotency } from "../../src/commerce/idempotency";
import { demoSetup } from "../licensing/helpers";

let db: TestDb;
let vendorId: string;

beforeAll(async () => {
  db = await createTestDb();
  vendorId = (await demoSetup(db.db)).vendorId;
});
afterAll(async () => {
  await db.close();
});

const DAY = 24 * 60 * 60 * 1000;
const call = (key: string, body: unknown, answer: unknown, now = new Date()) =>
  withIdempotency(db.db, { vendorId, scope: "test", key, body, now }, async () => ({
    statusCode: 200,
    body: answer,
  }));

const json = "application/json; charset=utf-8";

describe("withIdempotency", () => {
  it("replays the first answer for the same body and refuses another body", async () => {
    expect(await call("k1", { a: 1, b: 2 }, { n: 1 })).toEqual({
      statusCode: 200,
      contentType: json,
      body: '{"n":1}',
      replayed: false,
    });
    expect(await call("k1", { b: 2, a: 1 }, { n: 2 })).toEqual({
      statusCode: 200,
      contentType: json,
      body: '{"n":1}',
      replayed: true,
    });
    await expect(call("k1", { a: 2 }, { n: 3 })).rejects.toMatchObject({ code: "idempotency_conflict" });
  });

  it("replays the first answer's exact text: key order, nesting and escapes kept", async () => {
    const answer = {
      success: true,
      paymentUrl: "https://x/pay/1",
      licenseKey: "K",
      z: { b: 1, a: "\u0000é" },
    };
    const first = await call("k4", {}, answer);
    expect(first.body).toBe(JSON.stringify(answer));
    expect((await call("k4", {}, { other: 1 })).body).toBe(first.body);
  });

  it("answers the same text without a key", async () => {
    expect(
      await withIdempotency(db.db, { vendorId, scope: "test", key: undefined, body: {} }, async () => ({
        statusCode: 201,
        body: { b: 1, a: 2 },
      })),
    ).toEqual({ statusCode: 201, contentType: json, body: '{"b":1,"a":2}', replayed: false });
  });

  it("forgets a key after 24 hours: it runs again with any body", async () => {
    const then = new Date(Date.now() - 2 * DAY);
    await call("k2", { a: 1 }, { n: 1 }, then);
    expect(await call("k2", { a: 2 }, { n: 2 })).toMatchObject({ body: '{"n":2}', replayed: false });
    expect(await call("k2", { a: 2 }, { n: 3 })).toMatchObject({ body: '{"n":2}', replayed: true });
    const rows = await db.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.vendorId, vendorId), eq(idempotencyKeys.key, "k2")));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it("refuses a key still being processed, and frees it when the request fails", async () => {
    let release: () => void = () => {};
    let started: () => void = () => {};
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const first = withIdempotency(db.db, { vendorId, scope: "test", key: "k3", body: {} }, async () => {
      started();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      throw new Error("failed");
    });
    await running;
    await expect(call("k3", {}, { n: 1 })).rejects.toMatchObject({ code: "idempotency_conflict" });
    release();
    await expect(first).rejects.toThrow("failed");
    expect(await call("k3", {}, { n: 2 })).toMatchObject({ body: '{"n":2}', replayed: false });
  });
});
