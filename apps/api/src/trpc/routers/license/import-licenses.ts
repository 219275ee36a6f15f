import { importLicenses } from "@keyway/core";
import { ImportLicensesInput, LicenseImportResult } from "@keyway/schema";
import { ownerOrCredentialProcedure } from "../../procedures";

export const importLicensesProcedure = ownerOrCredentialProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/licenses/import",
      tags: ["licenses"],
      errorResponses: {
        400: "The file cannot be read as a whole (more than 10,000 rows, unknown CSV columns, malformed CSV)",
        401: "Missing or invalid API credentials",
        403: "A team member (not an owner)",
        413: "The body is larger than 16 MiB",
      },
      summary: "Import licenses from another system",
      description: [
        "Moves existing licenses in, keeping their key strings (4–128 letters and digits in groups joined by `-`, `_` or `.`; not case-sensitive), status, expiry, seats with their activations, customer and plan.",
        "`content` is a JSON Lines file (one license per line, the shape `GET /licenses/export` writes) or a CSV file with a header row naming the columns `key, product, plan, status, expiresAt, startsAt, createdAt, maxSeats, activations` (separated by `;`), `customerEmail, customerPhone, customerName, name`. At most 10,000 rows a call.",
        "Idempotent by key: a key you already have is left as it is (`unchanged`), so a file can be sent again safely; a key in use elsewhere in Keyway is refused for that row. Rows are checked one by one: a bad row is listed in `errors` (line, field, words) and the others are written. `dryRun: true` checks everything and writes nothing.",
      ].join("\n\n"),
    },
  })
  .input(ImportLicensesInput)
  .output(LicenseImportResult)
  .mutation(({ ctx, input }) =>
    importLicenses(ctx.db, { ...input, vendorId: ctx.vendor.vendorId, actor: ctx.vendor.actor }),
  );
