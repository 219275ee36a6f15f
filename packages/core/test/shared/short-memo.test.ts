import { describe, expect, it } from "vitest";
import { ShortMemo } from "../../src/shared/short-memo";

/** A read as the hot paths do it: generation taken, the database read, then the result stored. */
function read<V>(memo: ShortMemo<V>, db: object, at: number) {
  const generation = memo.generation(db);
  return { store: (key: string, value: V) => memo.set(db, key, value, { at, generation }) };
}

describe("ShortMemo: rows remembered for a short, fixed time", () => {
  it("answers from memory until ttlMs after the read began, then reads again", () => {
    const memo = new ShortMemo<string>({ ttlMs: 1_000, maxEntries: 10 });
    const db = {};
    read(memo, db, 5_000).store("cred_1", "vendor A");
    expect(memo.get(db, "cred_1", 5_999)).toBe("vendor A");
    expect(memo.get(db, "cred_1", 6_000)).toBeNull();
  });

  it("does not store a read that a forget overtook: a revoked credential is not remembered as live", () => {
    const memo = new ShortMemo<string>({ ttlMs: 1_000, maxEntries: 10 });
    const db = {};
    // A request reads the credential; before its answer arrives, the revoking process forgets it.
    const inFlight = read(memo, db, 0);
    memo.forget(db, "cred_1");
    inFlight.store("cred_1", "live (read before the revocation)");
    expect(memo.get(db, "cred_1", 1)).toBeNull();
    // The next read, begun after the forget, is stored as usual.
    read(memo, db, 2).store("cred_1", "revoked");
    expect(memo.get(db, "cred_1", 3)).toBe("revoked");
  });

  it("forgetting everything drops every entry and every read in flight", () => {
    const memo = new ShortMemo<string>({ ttlMs: 1_000, maxEntries: 10 });
    const db = {};
    read(memo, db, 0).store("addon_a", "price 10");
    const inFlight = read(memo, db, 0);
    memo.forget(db);
    inFlight.store("addon_b", "price 20");
    expect(memo.get(db, "addon_a", 1)).toBeNull();
    expect(memo.get(db, "addon_b", 1)).toBeNull();
  });

  it("keeps each database handle apart, forgets included", () => {
    const memo = new ShortMemo<string>({ ttlMs: 1_000, maxEntries: 10 });
    const first = {};
    const second = {};
    read(memo, first, 0).store("cred_1", "first database");
    const secondRead = read(memo, second, 0);
    memo.forget(first);
    secondRead.store("cred_1", "second database");
    expect(memo.get(first, "cred_1", 1)).toBeNull();
    expect(memo.get(second, "cred_1", 1)).toBe("second database");
  });

  it("stays bounded: past maxEntries it starts over", () => {
    const memo = new ShortMemo<number>({ ttlMs: 1_000, maxEntries: 3 });
    const db = {};
    for (const [i, key] of ["a", "b", "c", "d"].entries()) read(memo, db, 0).store(key, i);
    expect(["a", "b", "c", "d"].map((key) => memo.get(db, key, 1))).toEqual([null, null, null, 3]);
  });
});
