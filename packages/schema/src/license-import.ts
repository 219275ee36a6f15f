import { z } from "zod";

/**
 * Moving licenses in from another system, and out again: one row per license, the same shape in
 * both directions (an export of one Keyway imports into another). JSON Lines carry it as is; CSV
 * flattens it into LICENSE_FILE_COLUMNS (activations joined by `;`, the customer as three columns).
 */

/** At most this many rows per import call (a larger file is sent in parts). */
export const MAX_IMPORT_ROWS = 10_000;
/** At most this many row errors are listed in an answer (the counts stay exact). */
export const MAX_IMPORT_ERRORS_LISTED = 1_000;

const isoDate = z.iso.datetime({ offset: true });

export const ImportedActivation = z.union([
  z.string().min(1).max(256),
  z.object({
    value: z.string().min(1).max(256),
    activatedAt: isoDate.optional(),
  }),
]);

export const LicenseFileRow = z
  .object({
    key: z.string().min(1).max(256).meta({ description: "The key as the other system issued it." }),
    product: z.string().min(1).max(100).meta({ description: "The product's id (`prd_…`) or slug." }),
    plan: z.string().min(1).max(200).nullish().meta({ description: "The plan's id (`pln_…`) or name." }),
    status: z.enum(["active", "suspended", "revoked"]).default("active"),
    expiresAt: isoDate.nullish().meta({ description: "Absent or null: never expires." }),
    startsAt: isoDate.nullish(),
    createdAt: isoDate.nullish().meta({ description: "When it was sold (default: the import)." }),
    maxSeats: z.number().int().min(1).max(100_000).nullish(),
    activations: z.array(ImportedActivation).max(1_000).default([]),
    customerEmail: z.email().max(254).nullish(),
    customerPhone: z.string().max(32).nullish(),
    customerName: z.string().max(200).nullish(),
    name: z.string().max(200).nullish(),
    metadata: z.record(z.string(), z.unknown()).nullish(),
  })
  .strict();
export type LicenseFileRow = z.infer<typeof LicenseFileRow>;

/** CSV columns, in order (export writes them; import reads them by header name). */
export const LICENSE_FILE_COLUMNS = [
  "key",
  "product",
  "plan",
  "status",
  "expiresAt",
  "startsAt",
  "createdAt",
  "maxSeats",
  "activations",
  "customerEmail",
  "customerPhone",
  "customerName",
  "name",
] as const;

export const LicenseFileFormat = z.enum(["jsonl", "csv"]);
export type LicenseFileFormat = z.infer<typeof LicenseFileFormat>;

export const ImportLicensesInput = z.object({
  format: LicenseFileFormat,
  content: z
    .string()
    .max(16 * 1024 * 1024)
    .meta({
      description: "The file's text: JSON Lines (one license a line) or CSV with a header row.",
      example:
        '{"key":"LEGACY-0001-X9","product":"example-product","expiresAt":"2027-12-31T00:00:00Z","activations":["example.com"],"customerEmail":"buyer@example.com"}\n{"key":"LEGACY-0002-Q4","product":"example-product","status":"suspended"}',
    }),
  dryRun: z.boolean().default(false),
});
export type ImportLicensesInput = z.infer<typeof ImportLicensesInput>;

export const LicenseImportRowError = z.object({
  line: z
    .number()
    .int()
    .meta({ description: "1-based line of the file (CSV: counting the header).", example: 2 }),
  key: z.string().nullable(),
  field: z.string().nullable(),
  message: z.string().meta({ example: 'No product "old-tool" in your catalog (give its id or slug).' }),
});

export const LicenseImportResult = z.object({
  dryRun: z.boolean(),
  rows: z.number().int().meta({ example: 2 }),
  created: z
    .number()
    .int()
    .meta({ description: "Licenses written (dry run: that would be written).", example: 1 }),
  unchanged: z.number().int().meta({
    description: "Rows whose key this vendor already has: left as they are (re-running a file).",
    example: 0,
  }),
  failed: z.number().int().meta({ example: 1 }),
  errors: z.array(LicenseImportRowError).meta({ description: "The first 1,000 row errors, in file order." }),
});
export type LicenseImportResult = z.infer<typeof LicenseImportResult>;
