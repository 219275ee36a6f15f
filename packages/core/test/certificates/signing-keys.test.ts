import { sign, verify } from "node:crypto";
import type { TestDb } from "@keyway/db/testing";
import { createTestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vendorSigner } from "../../src/certificates/signing-key";
import {
  listSigningKeys,
  retireSigningKey,
  revokeSigningKey,
  rotateSigningKey,
  trustedVerifyingKeys,
} from "../../src/certificates/signing-keys";
import { createSecretBox } from "../../src/shared/secrets";
import { demoSetup } from "../licensing/helpers";

let db: TestDb;
let vendorId: string;
const secrets = createSecretBox("test-secret-key-0123456789");

beforeAll(async () => {
  db = await createTestDb();
  ({ vendorId } = await demoSetup(db.db));
});
afterAll(async () => {
  await db.close();
});

const message = Buffer.from("kwc1.payload");

describe("signing keys over their life", () => {
  it("trusts active and rotated keys only, each verifying what it signed", async () => {
    const first = await vendorSigner(db.db, secrets, vendorId);
    const signedByFirst = sign(null, message, first.privateKey);
    const t0 = new Date(Date.now() + 86_400_000);
    await rotateSigningKey(db.db, secrets, { vendorId, now: t0 });
    const second = await vendorSigner(db.db, secrets, vendorId);
    expect(second.kid).not.toBe(first.kid);

    let trusted = await trustedVerifyingKeys(db.db, vendorId);
    expect([...trusted.keys()].sort()).toEqual([first.kid, second.kid].sort());
    const firstKey = trusted.get(first.kid);
    if (!firstKey) throw new Error("first key not trusted");
    expect(verify(null, message, firstKey, signedByFirst)).toBe(true);

    const retired = await retireSigningKey(db.db, { vendorId, kid: first.kid, now: t0 });
    expect(retired.keys.find((k) => k.kid === first.kid)).toMatchObject({
      status: "retired",
      retiredAt: t0.toISOString(),
    });
    trusted = await trustedVerifyingKeys(db.db, vendorId);
    expect([...trusted.keys()]).toEqual([second.kid]);

    const revoked = await revokeSigningKey(db.db, secrets, { vendorId, kid: second.kid, now: t0 });
    const third = await vendorSigner(db.db, secrets, vendorId);
    expect(third.kid).not.toBe(second.kid);
    expect(revoked.keys.map((k) => k.status)).toEqual(["active", "revoked", "retired"]);
    expect([...(await trustedVerifyingKeys(db.db, vendorId)).keys()]).toEqual([third.kid]);
    expect(await listSigningKeys(db.db, secrets, { vendorSlug: "demo" })).toEqual(revoked);
  });

  it("refuses to retire the active key or a revoked one, and names an unknown kid not found", async () => {
    const { kid } = await vendorSigner(db.db, secrets, vendorId);
    await expect(retireSigningKey(db.db, { vendorId, kid })).rejects.toMatchObject({ code: "conflict" });
    const list = await listSigningKeys(db.db, secrets, { vendorSlug: "demo" });
    const revoked = list.keys.find((k) => k.status === "revoked");
    await expect(retireSigningKey(db.db, { vendorId, kid: revoked?.kid ?? "" })).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(retireSigningKey(db.db, { vendorId, kid: "nope" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(revokeSigningKey(db.db, secrets, { vendorId, kid: "nope" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(listSigningKeys(db.db, secrets, { vendorSlug: "no-such-vendor" })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
