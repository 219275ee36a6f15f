import { LICENSE_FILE_COLUMNS } from "@keyway/schema";
import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";

const error = (status: number, description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: `#/components/schemas/Error${status}` } } },
});

/** GET /api/v1/licenses/export (./license-export.ts) in /openapi.json: a stream, not a procedure. */
export function licenseExportOpenApiPaths(): ZodOpenApiPathsObject {
  return {
    "/licenses/export": {
      get: {
        operationId: "license-export",
        tags: ["licenses"],
        summary: "Export every license",
        description: [
          "Every license (unpaid `pending` ones are orders, not licenses: left out) with its live activations, streamed in the shape `POST /licenses/import` reads, so an export imports back unchanged.",
          `JSON Lines: one license per line, null fields left out. CSV: a header row (${LICENSE_FILE_COLUMNS.join(", ")}), activations joined by \`;\`; \`metadata\` is in JSON Lines only.`,
          "An owner's right: an API credential, or an owner's console session.",
        ].join("\n\n"),
        security: [{ bearer: [] }, { apiKey: [], apiSecret: [] }],
        requestParams: {
          query: z.object({
            format: z.enum(["jsonl", "csv"]).default("jsonl").meta({ description: "The file's format." }),
          }),
        },
        responses: {
          "200": {
            description: "The file, as an attachment (`licenses-<date>.jsonl` or `.csv`).",
            content: {
              "application/x-ndjson": {
                schema: z.string().meta({
                  example:
                    '{"key":"LEGACY-0001-X9","product":"example-product","status":"active","createdAt":"2026-01-02T03:04:05.000Z","maxSeats":1,"activations":[{"value":"example.com","activatedAt":"2026-01-02T03:04:05.000Z"}]}\n',
                }),
              },
              "text/csv": {
                schema: z.string().meta({
                  example: `${LICENSE_FILE_COLUMNS.join(",")}\nLEGACY-0001-X9,example-product,,active,,,2026-01-02T03:04:05.000Z,1,example.com,,,,\n`,
                }),
              },
            },
          },
          "400": error(400, "`format` is neither `jsonl` nor `csv`"),
          "401": error(401, "Missing or invalid API credentials"),
          "403": error(403, "A team member's session (not an owner)"),
          "500": error(500, "Internal server error"),
        },
      },
    },
  };
}
