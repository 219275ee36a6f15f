import fc from "fast-check";

/**
 * Generated request bodies for fuzz.test.ts, as the raw text a client could send: JSON built
 * as text (so it can hold integers past 2^53, `__proto__` keys and absurd nesting, which
 * JSON.stringify cannot write), form encoding, truncations, huge and binary bodies.
 */

/** NUL above all (Postgres refuses it in text), then every other C0 control and DEL. */
const control = fc.oneof(
  { arbitrary: fc.constant("\u0000"), weight: 3 },
  { arbitrary: fc.integer({ min: 1, max: 31 }).map((c) => String.fromCharCode(c)), weight: 1 },
  { arbitrary: fc.constantFrom("\u007f", "\u0085", "\u2028", "\ud800", "\ufeff"), weight: 1 },
);

/** Control characters inside ordinary text, and strings that look like trouble. */
const nastyText = fc.oneof(
  {
    arbitrary: fc
      .tuple(fc.string({ maxLength: 6 }), control, fc.string({ maxLength: 6 }))
      .map((p) => p.join("")),
    weight: 4,
  },
  {
    arbitrary: fc.constantFrom(
      "' OR 1=1 --",
      "%00",
      "../../etc/passwd",
      "例え.テスト",
      "\u001b[31m",
      "K".repeat(5000),
    ),
    weight: 1,
  },
);
export const text = fc.oneof(
  { arbitrary: nastyText, weight: 2 },
  { arbitrary: fc.string({ maxLength: 24 }), weight: 1 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 24 }), weight: 1 },
);

/** Number literals as written: past int4, past 2^53, past float range, and tiny. */
const numberLiteral = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      "2147483647",
      "2147483648",
      "-2147483649",
      "4294967296",
      "9007199254740992",
      "9007199254740993",
      "-9007199254740993",
      "123456789012345678901234567890",
      "1e308",
      "1e309",
      "-1e400",
      "1e-400",
      "0.5",
      "-0",
    ),
    weight: 3,
  },
  { arbitrary: fc.integer().map(String), weight: 1 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)), weight: 1 },
);

const scalar = fc.oneof(
  text.map((s) => JSON.stringify(s)),
  numberLiteral,
  fc.constantFrom("true", "false", "null"),
);

const object = (entries: [string, string][]) =>
  `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`;

/** Any JSON value as text, keys including the prototype-pollution ones. */
export function jsonValue(keys: string[]) {
  const key = fc.oneof(
    fc.constantFrom(...keys, "__proto__", "constructor", "prototype"),
    fc.string({ maxLength: 8 }),
  );
  return fc.letrec<{ value: string; array: string; object: string }>((tie) => ({
    value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("array"), tie("object")),
    array: fc.array(tie("value"), { maxLength: 4 }).map((items) => `[${items.join(",")}]`),
    object: fc.array(fc.tuple(key, tie("value")), { maxLength: 4 }).map(object),
  })).value;
}

/** Nesting from just inside the parser's limit to far past it, as arrays, objects or inside a field. */
export function deepJson(field: string) {
  return fc
    .tuple(
      fc.constantFrom(8, 31, 32, 33, 64, 1000, 5000, 100_000),
      fc.constantFrom("array", "object", "field"),
    )
    .map(([n, shape]) => {
      const arrays = `${"[".repeat(n)}${"]".repeat(n)}`;
      if (shape === "array") return arrays;
      if (shape === "object") return `${'{"a":'.repeat(n)}1${"}".repeat(n)}`;
      return object([[field, arrays]]);
    });
}

export const prototypeKeys = (field: string) =>
  fc.constantFrom(
    '{"__proto__":{"isAdmin":true}}',
    '{"constructor":{"prototype":{"isAdmin":true}}}',
    object([[field, '{"__proto__":{"x":1}}']]),
    object([["a", object([["constructor", '{"prototype":{"x":1}}']])]]),
    '[{"__proto__":null}]',
  );

/** What a field may hold instead of a plausible value: control characters above all. */
export function oddValue(keys: string[], plausible: string[]) {
  return fc.oneof(
    // A plausible string with a control character in it: the way NUL reaches storage.
    {
      arbitrary: fc
        .tuple(fc.constantFrom(...plausible), control)
        .map(([p, c]) =>
          p.startsWith('"') ? `${p.slice(0, -1)}${JSON.stringify(c).slice(1)}` : JSON.stringify(c),
        ),
      weight: 4,
    },
    { arbitrary: numberLiteral, weight: 3 },
    { arbitrary: text.map((s) => JSON.stringify(s)), weight: 2 },
    { arbitrary: jsonValue(keys), weight: 1 },
  );
}

/**
 * A body shaped like the route's own: the valid one; the valid one with one field replaced by
 * an odd value (the way to reach storage with one); or any subset of fields, each plausible or
 * odd.
 */
export function lookalike(fields: Record<string, string[]>) {
  const names = Object.keys(fields);
  const plausible = (name: string) => fields[name] ?? ["null"];
  const valid = object(names.map((n) => [n, plausible(n)[0] ?? "null"]));
  const oneOdd = fc
    .constantFrom(...names)
    .chain((name) =>
      oddValue(names, plausible(name)).map((odd) =>
        object(names.map((n) => [n, n === name ? odd : (plausible(n)[0] ?? "null")])),
      ),
    );
  const field = (name: string) =>
    fc.oneof(
      { arbitrary: fc.constantFrom(...plausible(name)), weight: 3 },
      { arbitrary: oddValue(names, plausible(name)), weight: 1 },
    );
  const subset = fc
    .record(Object.fromEntries(names.map((n) => [n, field(n)])), { requiredKeys: [] })
    .map((r) => object(Object.entries(r) as [string, string][]));
  return fc.oneof(
    { arbitrary: fc.constant(valid), weight: 1 },
    { arbitrary: oneOdd, weight: 4 },
    { arbitrary: subset, weight: 2 },
  );
}

/** Every kind of body for a route whose fields (with plausible JSON values) are given. */
export function bodies(fields: Record<string, string[]>) {
  const names = Object.keys(fields);
  const first = names[0] ?? "a";
  const valid = lookalike(fields);
  return fc.oneof(
    { arbitrary: valid, weight: 10 },
    { arbitrary: jsonValue(names), weight: 2 },
    { arbitrary: deepJson(first), weight: 1 },
    { arbitrary: prototypeKeys(first), weight: 1 },
    // Truncated anywhere.
    {
      arbitrary: fc.tuple(valid, fc.nat()).map(([b, n]) => b.slice(0, n % Math.max(1, b.length))),
      weight: 1,
    },
    // Huge: past the route's limit (32 or 64 KB), or just within it.
    {
      arbitrary: fc
        .constantFrom(20_000, 40_000, 70_000, 300_000)
        .map((n) => object([[first, JSON.stringify("x".repeat(n))]])),
      weight: 1,
    },
    // Form encoding of the same fields; and bytes that are no format at all.
    {
      arbitrary: fc
        .dictionary(fc.constantFrom(...names), text, { maxKeys: names.length })
        .map((d) => new URLSearchParams(d).toString()),
      weight: 1,
    },
    { arbitrary: fc.string({ unit: "binary", maxLength: 200 }), weight: 1 },
    {
      arbitrary: fc.constantFrom("", " ", "{", '{"', "null", "[]", '"str"', "\u0000", "%E0%A4%A=1&&=="),
      weight: 1,
    },
  );
}

/** Right, wrong and oddly written content types. */
export const contentTypes = fc.oneof(
  { arbitrary: fc.constant("application/json"), weight: 8 },
  {
    arbitrary: fc.constantFrom(
      "application/json; charset=utf-8",
      "Application/JSON",
      "APPLICATION/JSON; CHARSET=UTF-8",
      "application/json;",
      "application/jsonx",
      "application/vnd.api+json",
      "text/json",
      "text/plain",
      "application/xml",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=xyz",
      "application/octet-stream",
      "*/*",
      "",
    ),
    weight: 4,
  },
);
