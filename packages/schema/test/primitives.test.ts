import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { normaliseBinding, normaliseDomain } from "../src/domain";
import {
  hasControlCharacters,
  INT4_MAX,
  int4,
  multiLine,
  PositiveInt4,
  RecordId,
  SafeInteger,
  singleLine,
} from "../src/primitives";

const messages = (result: { error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((i) => i.message) ?? [];

/** Every C0 control, DEL and every C1 control. */
const CONTROLS = [
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
  ...Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(0x7f + i)),
];

describe("singleLine", () => {
  const Name = singleLine(z.string().trim().min(1).max(50));

  it.each(CONTROLS.map((c) => [`U+${c.charCodeAt(0).toString(16).padStart(4, "0")}`, c]))(
    "refuses %s inside a value",
    (_, c) => {
      expect(messages(Name.safeParse(`ab${c}cd`))).toEqual(["must not contain control characters"]);
    },
  );

  it("accepts ordinary text of any script, and whitespace the schema trims away", () => {
    for (const v of ["Trading Analyzer", "Bücher — 例え", "B-12345678", "a\u00a0b", " name\n"]) {
      expect(Name.safeParse(v).success).toBe(true);
    }
  });

  it("takes a message of the surface's own wording", () => {
    const Field = singleLine(z.string(), "The packageId field must not contain control characters.");
    expect(messages(Field.safeParse("x\u0000"))).toEqual([
      "The packageId field must not contain control characters.",
    ]);
  });

  it("refuses NUL in any generated string, accepts every string without a control character", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(RecordId.safeParse(`${a}\u0000${b}`.slice(0, 64)).success).toBe(false);
        const clean = [...`x${a}`]
          .filter((c) => !hasControlCharacters(c))
          .join("")
          .slice(0, 64);
        expect(RecordId.safeParse(clean).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("multiLine", () => {
  const Text = multiLine(z.string().max(500));
  it("allows tab, CR and LF, and nothing else below U+0020 or in DEL/C1", () => {
    expect(Text.safeParse("line one\r\n\tline two\n").success).toBe(true);
    for (const c of CONTROLS.filter((c) => !"\t\n\r".includes(c))) {
      expect(messages(Text.safeParse(`a${c}b`))).toEqual(["must not contain control characters"]);
    }
  });
});

describe("integers", () => {
  it("int4 holds what a Postgres integer holds, and says its bound", () => {
    const N = int4(z.number());
    expect(N.safeParse(INT4_MAX).success).toBe(true);
    expect(N.safeParse(-2_147_483_648).success).toBe(true);
    expect(messages(N.safeParse(2_147_483_648))).toEqual(["must be at most 2147483647"]);
    expect(messages(N.safeParse(-2_147_483_649))).toEqual(["must be at least -2147483648"]);
    expect(messages(N.safeParse(2 ** 53 + 2))).toEqual(["must be at most 2147483647"]);
    expect(messages(N.safeParse(1.5))).toEqual(["must be an integer"]);
  });

  it("PositiveInt4 refuses zero, negatives and everything past int4", () => {
    expect(PositiveInt4.safeParse(1).success).toBe(true);
    expect(messages(PositiveInt4.safeParse(0))).toEqual(["must be a positive integer"]);
    expect(messages(PositiveInt4.safeParse(2_147_483_648))).toEqual(["must be at most 2147483647"]);
  });

  it("int4 of a coerced number bounds path parameters too", () => {
    const Param = int4(z.coerce.number()).positive();
    expect(Param.safeParse("42").data).toBe(42);
    expect(messages(Param.safeParse("2147483648"))).toEqual(["must be at most 2147483647"]);
    expect(messages(Param.safeParse("9007199254740993"))).toEqual(["must be at most 2147483647"]);
  });

  it("SafeInteger ends at 2^53 − 1", () => {
    expect(SafeInteger.safeParse(Number.MAX_SAFE_INTEGER).success).toBe(true);
    expect(messages(SafeInteger.safeParse(2 ** 53))).toEqual(["must be at most 9007199254740991"]);
  });
});

describe("binding helpers refuse control characters as invalid (they never throw)", () => {
  it.each(["exa\u0000mple.com", "exa\u0085mple.com", "https://example.com/\u0000", "\u0007example.com"])(
    "normaliseDomain(%j) is not ok",
    (input) => {
      expect(normaliseDomain(input)).toEqual({ ok: false, reason: "contains control characters" });
    },
  );

  it.each([
    ["domain", "example.com\u0000"],
    ["serial", "B-1234\u00005678"],
    ["fingerprint", "abcd\u0000ef"],
  ] as const)("normaliseBinding(%s, %j) is not ok", (kind, input) => {
    expect(normaliseBinding(kind, input).ok).toBe(false);
  });
});
