import { JFrameworkCheckoutBody } from "@keyway/schema";
import { z } from "zod";
import type { oas31, ZodOpenApiPathsObject, ZodOpenApiResponseObject } from "zod-openapi";
import { describedFields, idempotencyKeyHeader, oneExample } from "../openapi-shared";

/**
 * JFramework's credential (seed 001): two headers, sent together. For the document's
 * `components.securitySchemes`; the operations below require both (`security: [{ both }]`).
 */
export const jframeworkSecuritySchemes = {
  jframeworkBrand: {
    type: "apiKey",
    in: "header",
    name: "Brand-URL",
    description:
      "JFramework dialect: the brand URL of the vendor's JFramework credential, with `Auth-Key`. Example: `YOUR_BRAND_URL`.",
  },
  jframeworkAuthKey: {
    type: "apiKey",
    in: "header",
    name: "Auth-Key",
    description:
      "JFramework dialect: the secret of the vendor's JFramework credential, with `Brand-URL`. Example: `YOUR_AUTH_KEY`.",
  },
} satisfies Record<string, oas31.SecuritySchemeObject>;

const security = [{ jframeworkBrand: [], jframeworkAuthKey: [] }];

/** Seed 001's own example, verbatim. */
const seed = {
  request: {
    returnURL: "https://example.com",
    cancelURL: "https://example.com",
    packageId: "Plakdiooh209sz",
    subscriptionTypeId: "Plakdiooh209sz",
    startDate: "2025-01-01",
    endDate: "2025-02-01",
    testMode: true,
    quantity: 1,
  },
  response: {
    success: true,
    statusCode: 200,
    message: "The request was successful.",
    data: "https://checkout.paypal.com/v2/checkout/orders/09H88704RC448263N",
    errors: [],
  },
};

/** The success envelope (./envelope.ts `jframeworkOkBody`). */
function ok(
  description: string,
  data: z.ZodType,
  example: { name: string; summary: string; value: unknown },
): ZodOpenApiResponseObject {
  return {
    description,
    content: {
      "application/json": {
        schema: z.object({
          success: z.literal(true),
          statusCode: z.literal(200),
          message: z.literal("The request was successful."),
          data,
          errors: z.array(z.never()).max(0),
        }),
        examples: oneExample(example.name, example.summary, example.value),
      },
    },
  };
}

/**
 * A failure (./envelope.ts `jframeworkError`): `statusCode` repeats the HTTP status, `data` is
 * null, and each problem names its code and the request's correlation id (the `x-request-id`).
 */
function failure(
  status: number,
  description: string,
  codes: readonly [string, ...string[]],
  message: z.ZodType<string>,
  example: { message: string; problem: string },
): ZodOpenApiResponseObject {
  return {
    description,
    content: {
      "application/json": {
        schema: z.object({
          success: z.literal(false),
          statusCode: z.literal(status),
          message,
          data: z.null(),
          errors: z
            .array(z.object({ code: z.enum(codes), message: z.string(), correlationId: z.string() }))
            .min(1),
        }),
        example: {
          success: false,
          statusCode: status,
          message: example.message,
          data: null,
          errors: [
            {
              code: codes[0],
              message: example.problem,
              correlationId: "0b6f3a52-8c1e-4d7a-9f25-3e4d5c6b7a81",
            },
          ],
        },
      },
    },
  };
}

const fixed = (status: number, description: string, code: string, message: string) =>
  failure(status, description, [code], z.literal(message), { message, problem: message });

const unauthorized = failure(
  401,
  "Missing or wrong `Brand-URL` / `Auth-Key` (a revoked credential is a wrong one)",
  ["unauthorized"],
  z.literal("Unauthorized."),
  { message: "Unauthorized.", problem: "The Brand-URL and Auth-Key headers are required." },
);
const serverError = fixed(500, "Server error (logged with the correlation id)", "internal", "Server error.");

/**
 * The JFramework routes in /openapi.json (seed 001). They are served under /api/v1 beside the
 * native API, so they are keyed relative to the document's server (`<publicUrl>/api/v1`), as the
 * native paths are: a generated client with that base URL, and Prism proxying to it (Prism
 * ignores `servers` and forwards the path as keyed), both call the real URL. A per-path server
 * of `<publicUrl>` with an `/api/v1/…` key would be right for Scalar alone and wrong for both.
 */
export function jframeworkOpenApiPaths(): ZodOpenApiPathsObject {
  return {
    "/licenses/purchase/checkout-link": {
      post: {
        operationId: "jframework-checkout-link",
        tags: ["dialects"],
        summary: "JFramework: purchase licenses by checkout link (seed 001)",
        description:
          "Opens an order for `quantity` licenses of a package and subscription type, from `startDate` to `endDate`, and answers the checkout link; the licenses are issued when it is paid. `testMode: true` pays through the sandbox and issues test-mode licenses. Honours `Idempotency-Key`.",
        security,
        requestParams: { header: idempotencyKeyHeader },
        requestBody: {
          required: true,
          description: "This class is used to create a checkout link to add various licenses.",
          content: {
            "application/json": {
              schema: describedFields(JFrameworkCheckoutBody, {
                returnURL: "Where the buyer lands after paying.",
                cancelURL: "Where the buyer lands after cancelling the payment.",
                packageId: "The package id of the license.",
                subscriptionTypeId: "The subscription type id of the license.",
                startDate: "The start date of the licenses (a date, or a date-time).",
                endDate: "The end date of the licenses, after `startDate`.",
                testMode: "Pay through the sandbox; false by default.",
                quantity: "How many licenses; 1 by default.",
              }),
              examples: oneExample("seed", "Seed 001's example", seed.request),
            },
          },
        },
        responses: {
          "200": ok(
            "The request was successful: `data` is the checkout link",
            z.url().meta({ description: "The checkout link." }),
            { name: "seed", summary: "Seed 001's example (200 OK)", value: seed.response },
          ),
          "400": failure(
            400,
            "A body its contract refuses (`One or more validation errors occurred.`, one problem per field), an item that cannot be sold (`endDate must be after startDate.`), a body that is not JSON, or an `Idempotency-Key` over 255 characters",
            ["invalid_input"],
            z.string(),
            {
              message: "One or more validation errors occurred.",
              problem: "packageId: The packageId field is required.",
            },
          ),
          "401": unauthorized,
          "404": failure(
            404,
            "No such package, or no such subscription type for it",
            ["not_found"],
            z.string(),
            { message: "The package was not found.", problem: "The package was not found." },
          ),
          "409": failure(
            409,
            "The `Idempotency-Key` was used with another body, or its first request is still running; or the store cannot take payments yet",
            ["idempotency_conflict", "conflict", "payments_unavailable"],
            z.string(),
            {
              message: "This Idempotency-Key was already used with a different request.",
              problem: "This Idempotency-Key was already used with a different request.",
            },
          ),
          "413": fixed(413, "Body over 64 KiB", "invalid_input", "Request body is too large."),
          "415": fixed(
            415,
            "A body that is neither JSON nor text",
            "invalid_input",
            "Unsupported content type.",
          ),
          "500": serverError,
          "502": failure(
            502,
            "The payment gateway refused or could not be reached; its reason is named",
            ["gateway_error"],
            z.string(),
            { message: "PayPal could not be reached.", problem: "PayPal could not be reached." },
          ),
        },
      },
    },
    "/licenses/check": {
      get: {
        operationId: "jframework-license-check",
        tags: ["dialects"],
        summary: "JFramework: check a license",
        description:
          "`data` is true while the license can be used: active, or past its term yet valid by the product's expiry policy. Only the calling vendor's licenses are visible.",
        security,
        requestParams: {
          query: z.object({
            licenseCode: z
              .string()
              .min(1)
              .meta({ description: "The license key.", example: "ABCDEF1234567890" }),
          }),
        },
        responses: {
          "200": ok("Whether the license can be used", z.boolean(), {
            name: "usable",
            summary: "A license that can be used",
            value: {
              success: true,
              statusCode: 200,
              message: "The request was successful.",
              data: true,
              errors: [],
            },
          }),
          "400": failure(
            400,
            "`licenseCode` is missing or blank (`invalid_input`), or `X-Keyway-Nonce` is not a valid nonce (`invalid_nonce`)",
            ["invalid_input", "invalid_nonce"],
            z.string(),
            {
              message: "The licenseCode field is required.",
              problem: "The licenseCode field is required.",
            },
          ),
          "401": unauthorized,
          "404": fixed(
            404,
            "No such license for this vendor, or not a license key",
            "license_not_found",
            "The license was not found in the system.",
          ),
          "500": serverError,
        },
      },
    },
  };
}
