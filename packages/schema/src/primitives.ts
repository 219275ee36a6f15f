import { z } from "zod";

/**
 * The primitives every input contract builds on, so that nothing the database cannot hold gets
 * past validation: Postgres `text` cannot hold NUL, and its `integer` columns end at 2^31 − 1.
 * A value that fails here is the caller's mistake (a 400 in every surface's envelope), never a
 * database error.
 */

/** C0 controls (NUL to US), DEL and C1 controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters this module refuses
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** The same, except tab, line feed and carriage return. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters this module refuses
const CONTROL_EXCEPT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export const NO_CONTROL_CHARACTERS = "must not contain control characters";

/** True when `s` holds a C0/C1 control character or DEL (tab, CR and LF allowed when `multiLine`). */
export function hasControlCharacters(s: string, options: { multiLine?: boolean } = {}): boolean {
  return (options.multiLine ? CONTROL_EXCEPT_LINE_BREAKS : CONTROL).test(s);
}

/**
 * One line of text (ids, names, keys, slugs, URLs): refuses every C0/C1 control character and
 * DEL, checked after the schema's own trimming. `singleLine(z.string().trim().min(1).max(200))`.
 */
export function singleLine<T extends z.ZodType<string>>(schema: T, message = NO_CONTROL_CHARACTERS): T {
  return schema.refine((s) => !hasControlCharacters(s), { error: message });
}

/** Free text over several lines (descriptions, reasons): only tab, CR and LF among control characters. */
export function multiLine<T extends z.ZodType<string>>(schema: T, message = NO_CONTROL_CHARACTERS): T {
  return schema.refine((s) => !hasControlCharacters(s, { multiLine: true }), { error: message });
}

/** The id of a stored record (`lic_…`, `ord_…`, a package id): one line of at most 64 characters. */
export const RecordId = singleLine(z.string().min(1).max(64));

/** A procedure that takes nothing. */
export const NoInput = z.void();
/** A REST `GET` without parameters: nothing, or an empty object (its query string). */
export const EmptyInput = z.object({}).optional();

/** The answer of every sign-out. */
export const SignedOut = z.object({ signedOut: z.literal(true) });

/** Bounds of a Postgres `integer` (int4) column. */
export const INT4_MAX = 2_147_483_647;
export const INT4_MIN = -2_147_483_648;

/** An integer an `integer` column holds: product and plan numbers, counts, durations. */
export function int4<T extends z.ZodNumber | z.ZodCoercedNumber>(schema: T): T {
  return schema
    .int({ error: integerIssue(INT4_MIN, INT4_MAX), abort: true })
    .min(INT4_MIN, { error: `must be at least ${INT4_MIN}` })
    .max(INT4_MAX, { error: `must be at most ${INT4_MAX}` }) as T; // each check returns `this`
}

/** A positive `integer` id: a product or plan number (Biznoq `addonId`, `planId`), a subscription id. */
export const PositiveInt4 = int4(z.number()).positive({ error: "must be a positive integer" });

/**
 * An integer JavaScript holds exactly (|n| ≤ 2^53 − 1): amounts and other integers that no
 * `integer` column bounds further.
 */
export const SafeInteger = z
  .number()
  .int({ error: integerIssue(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) });

/** zod's integer check also refuses numbers past 2^53: name the bound the field really has. */
function integerIssue(min: number, max: number) {
  return (issue: { code: string }) =>
    issue.code === "too_big"
      ? `must be at most ${max}`
      : issue.code === "too_small"
        ? `must be at least ${min}`
        : "must be an integer";
}
