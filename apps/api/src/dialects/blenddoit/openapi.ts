import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { MESSAGES } from "./envelope";

/** The Blenddoit route in /openapi.json (it lives outside /api/v1, hence its own `servers`). */
export function blenddoitOpenApiPaths(publicUrl: string): ZodOpenApiPathsObject {
  const request = z.object({
    software_id: z.string().meta({ example: "1", description: "Integer id of the software." }),
    license_key: z.string().meta({ example: "ABCDEF1234567890" }),
    domain: z.string().meta({ example: "example.com", description: "Any common form; normalised." }),
  });
  /** An error answer: one of the status's fixed messages (seed 002's texts), and its data. */
  const envelope = (description: string, messages: [string, ...string[]], data: z.ZodType) => ({
    description,
    content: {
      "application/json": {
        schema: z.object({
          status: z.literal("error"),
          message: messages.length === 1 ? z.literal(messages[0]) : z.enum(messages),
          data,
        }),
      },
    },
  });
  const empty = z.array(z.never()).max(0);
  const plan = {
    current_plan_id: z.number().int().nullable(),
    current_plan_name: z.string().nullable(),
    current_duration_value: z.number().int().nullable(),
    current_duration_unit: z.string().nullable(),
  };
  return {
    "/api/verify-license.php": {
      servers: [{ url: publicUrl, description: "Blenddoit dialect (outside /api/v1)" }],
      post: {
        operationId: "blenddoit-verify-license",
        tags: ["dialects"],
        summary: "Blenddoit: verify a license for a domain (seed 002)",
        description: "Public, rate limited per IP and per key. Dates in the vendor's time zone.",
        requestBody: {
          required: true,
          content: {
            "application/x-www-form-urlencoded": { schema: request },
            "application/json": { schema: request },
          },
        },
        responses: {
          "200": {
            description: MESSAGES.success,
            content: {
              "application/json": {
                schema: z.object({
                  status: z.literal("success"),
                  message: z.literal(MESSAGES.success),
                  data: z.object({
                    software_name: z.string(),
                    license_key: z.string(),
                    domain: z.string(),
                    status: z.literal("active"),
                    expiry_date: z.string().nullable().meta({
                      example: "2026-05-01",
                      description:
                        "The term's end. It may be past while the product's expiry policy keeps the license valid (in its grace period, or `maintain`); null when perpetual. The first verification of a license whose term waits for it (`first_activation`) starts the term and answers its date.",
                    }),
                    source: z.literal("license-system"),
                    activated_at: z.string().nullable().meta({ example: "2026-04-01 10:20:00" }),
                    last_verified_at: z.string().meta({ example: "2026-04-01 10:25:12" }),
                    ...plan,
                    renewed_at: z.string().nullable(),
                  }),
                }),
              },
            },
          },
          "400": envelope(
            "Missing parameters, invalid domain, non-numeric software id, invalid license format, malformed body, invalid `X-Keyway-Nonce`",
            [
              MESSAGES.missing,
              MESSAGES.invalidDomain,
              MESSAGES.invalidSoftware,
              MESSAGES.invalidFormat,
              MESSAGES.malformed,
              MESSAGES.invalidNonce,
            ],
            empty,
          ),
          "403": envelope(
            "Domain mismatch (`registered_domain`, `requested_domain`), not active (`status: inactive`), or expired past any grace period under `restrict` (`payment_page_url`)",
            [MESSAGES.domainMismatch, MESSAGES.notActive, MESSAGES.expired],
            z.union([
              z.object({ registered_domain: z.string().nullable(), requested_domain: z.string() }),
              z.object({ status: z.literal("inactive") }),
              z.object({
                status: z.literal("expired"),
                expiry_date: z.string().nullable(),
                payment_page_url: z.string(),
                ...plan,
              }),
            ]),
          ),
          "404": envelope(
            "Unknown software id or unknown key",
            [MESSAGES.invalidSoftware, MESSAGES.notFound],
            empty,
          ),
          "413": envelope("Body too large", [MESSAGES.tooLarge], empty),
          "415": envelope("Unsupported content type", [MESSAGES.unsupported], empty),
          "429": envelope("Rate limited (Retry-After header)", [MESSAGES.rateLimited], empty),
          "500": envelope("Server error", [MESSAGES.serverError], empty),
        },
      },
    },
  };
}
