import { sql } from "@keyway/db";
import { createTestDb, type TestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../../src/shared/errors";
import { prepareStatement } from "../../src/shared/prepared";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.close();
});

describe("prepared statements", () => {
  it("refuse a value compiled into a statement that must take placeholders only, as core's internal error", () => {
    const baked = () =>
      prepareStatement(t.db, "keyway_test_baked", sql`select ${"baked"}::text as v`, {
        onlyPlaceholders: true,
      });
    expect(baked).toThrow(DomainError);
    expect(baked).toThrow(expect.objectContaining({ code: "internal" }));
  });

  it("run a statement of placeholders with the values given", async () => {
    const statement = prepareStatement(
      t.db,
      "keyway_test_placeholder",
      sql`select ${sql.placeholder("v")}::text as v`,
      { onlyPlaceholders: true },
    );
    const result = await statement.execute({ v: "given" });
    expect(JSON.stringify(result)).toContain("given");
  });
});
