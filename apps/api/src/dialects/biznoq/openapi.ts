import { BiznoqPurchaseBody, BiznoqSubscribeBody } from "@keyway/schema";
import { z } from "zod";
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject, ZodOpenApiResponseObject } from "zod-openapi";
import { describedFields, idempotencyKeyHeader, oneExample } from "../openapi-shared";

/** Seed 000's own examples, verbatim: the document shows what the Biznoq documentation shows. */
const seed = {
  purchaseRequest: { addonId: 1, serialNo: "B-12345678", buyerPhone: "9460439200" },
  purchaseResponse: {
    success: true,
    paymentUrl: "https://merchant.upigateway.com/order/checkout/payment_token_value",
    licenseKey: "GA-ABCD-EFGH-IJKL",
  },
  subscribeRequest: { planId: 2, serialNo: "B-87654321", buyerPhone: "9876543210", billingCycle: "yearly" },
  subscribeResponse: {
    success: true,
    paymentUrl: "https://merchant.upigateway.com/order/checkout/subscription_token_value",
    subscriptionId: 42,
  },
  statusResponse: {
    success: true,
    license: {
      licenseKey: "GA-X3R9-K9L2-M4P1",
      addonName: "Smart Item Trading Analyzer",
      addonVersion: "1.0.0",
      serialNo: "B-12345678",
      status: "verified",
      activatedAt: "2026-05-29 18:47:32",
      expiresAt: "2027-05-29",
    },
  },
};

/** The 401s of the authentication hook (./plugin.ts), word for word. */
const UNAUTHORIZED = [
  "Unauthorized: missing x-api-key or x-api-secret header.",
  "Unauthorized: invalid API credentials.",
] as const;

/** A failure in Biznoq's envelope (./envelope.ts); thrown ones are worded by http/error-envelopes.ts. */
function failure(description: string, message: z.ZodType<string>, example: string): ZodOpenApiResponseObject {
  return {
    description,
    content: {
      "application/json": {
        schema: z.object({ success: z.literal(false), message }),
        example: { success: false, message: example },
      },
    },
  };
}

const unauthorized = failure(
  "Missing or wrong `x-api-key` / `x-api-secret` (a revoked credential is a wrong one)",
  z.enum(UNAUTHORIZED),
  UNAUTHORIZED[0],
);
const serverError = failure(
  "Server error (logged with the request id)",
  z.literal("Server error."),
  "Server error.",
);

/** What both order routes can answer besides their 200: the body, the catalog, the gateway. */
function orderFailures(notFound: {
  description: string;
  example: string;
}): ZodOpenApiOperationObject["responses"] {
  return {
    "400": failure(
      "The body is refused, in one sentence: a missing field (`<field> is required.`), a field its contract refuses (`buyerPhone must be a 10-digit mobile phone number.`, `addonId must be a positive integer.`, `billingCycle must be either monthly or yearly.`, `serialNo is too long.`), a serial number the product cannot bind, an item not for sale, a body that is not JSON (`The body is not valid JSON.`), or an `Idempotency-Key` over 255 characters",
      z.string(),
      "buyerPhone must be a 10-digit mobile phone number.",
    ),
    "401": unauthorized,
    "404": failure(notFound.description, z.string(), notFound.example),
    "409": failure(
      "The `Idempotency-Key` was used with another body, or its first request is still running; or the store cannot take payments yet (no gateway configured)",
      z.string(),
      "This Idempotency-Key was already used with a different request.",
    ),
    "413": failure("Body over 64 KiB", z.literal("Request body is too large."), "Request body is too large."),
    "415": failure(
      "A body that is neither JSON nor text",
      z.literal("Unsupported content type."),
      "Unsupported content type.",
    ),
    "500": serverError,
    "502": failure(
      "The payment gateway refused or could not be reached; its reason is named",
      z.string(),
      "UPI Gateway could not be reached.",
    ),
  };
}

/** Shared by the two order routes: their body, key pair and idempotency. */
function orderOperation(params: {
  operationId: string;
  summary: string;
  description: string;
  body: z.ZodType;
  requestExample: unknown;
  success: z.ZodType;
  responseExample: unknown;
  notFound: { description: string; example: string };
}): ZodOpenApiOperationObject {
  return {
    operationId: params.operationId,
    tags: ["dialects"],
    summary: params.summary,
    description: params.description,
    security: [{ apiKey: [], apiSecret: [] }],
    requestParams: { header: idempotencyKeyHeader },
    requestBody: {
      required: true,
      content: {
        "application/json": {
          schema: params.body,
          examples: oneExample("seed", "Seed 000's example", params.requestExample),
        },
      },
    },
    responses: {
      "200": {
        description: "The order is open: pay at `paymentUrl` (valid until the order expires)",
        content: {
          "application/json": {
            schema: params.success,
            examples: oneExample("seed", "Seed 000's example (200 OK)", params.responseExample),
          },
        },
      },
      ...orderFailures(params.notFound),
    },
  };
}

const paymentUrl = z.url().meta({ description: "The payment page of the order's gateway." });
const biznoqServer = (publicUrl: string) => [
  { url: publicUrl, description: "Biznoq dialect (outside /api/v1)" },
];

/**
 * The Biznoq routes in /openapi.json (seed 000): they live outside /api/v1, hence their own
 * `servers`. Every route takes the vendor's key pair (`x-api-key` + `x-api-secret`, the document's
 * `apiKey` + `apiSecret` schemes, both at once) and answers in Biznoq's `{ success, … }` envelope.
 */
export function biznoqOpenApiPaths(publicUrl: string): ZodOpenApiPathsObject {
  return {
    "/api/purchase": {
      servers: biznoqServer(publicUrl),
      post: orderOperation({
        operationId: "biznoq-purchase",
        summary: "Biznoq: create an add-on order (seed 000)",
        description:
          "Opens an order for one add-on bound to a Busy serial number and reserves its license key, pending until paid. Honours `Idempotency-Key`.",
        body: describedFields(BiznoqPurchaseBody, {
          addonId: "The add-on's integer id in the vendor's catalog.",
          serialNo: "The Busy serial number the license binds to (`B-12345678`).",
          buyerPhone: "The customer's 10-digit mobile number.",
        }),
        requestExample: seed.purchaseRequest,
        success: z.object({
          success: z.literal(true),
          paymentUrl,
          licenseKey: z
            .string()
            .meta({ description: "The reserved key: `pending` until the order is paid." }),
        }),
        responseExample: seed.purchaseResponse,
        notFound: { description: "No add-on with this `addonId`", example: "Add-on 1 was not found." },
      }),
    },
    "/api/plans/subscribe": {
      servers: biznoqServer(publicUrl),
      post: orderOperation({
        operationId: "biznoq-subscribe",
        summary: "Biznoq: create a subscription order (seed 000)",
        description:
          "Opens an order for a plan's monthly or yearly period and a pending subscription, bound to a Busy serial number. Honours `Idempotency-Key`.",
        body: describedFields(BiznoqSubscribeBody, {
          planId: "The plan's integer id in the vendor's catalog.",
          serialNo: "The Busy serial number the subscription's license binds to.",
          buyerPhone: "The customer's 10-digit mobile number.",
          billingCycle: "`monthly` or `yearly`: one of the plan's prices.",
        }),
        requestExample: seed.subscribeRequest,
        success: z.object({
          success: z.literal(true),
          paymentUrl,
          subscriptionId: z.number().int().meta({ description: "The subscription's integer id." }),
        }),
        responseExample: seed.subscribeResponse,
        notFound: { description: "No plan with this `planId`", example: "Plan 2 was not found." },
      }),
    },
    "/api/purchase/status/{licenseKey}": {
      servers: biznoqServer(publicUrl),
      get: {
        operationId: "biznoq-purchase-status",
        tags: ["dialects"],
        summary: "Biznoq: verify a license key (seed 000)",
        description:
          "Reads one of the calling vendor's licenses; another vendor's key is a 404. `status`: `verified` (active, or past its term yet valid by the product's expiry policy), `pending` (awaiting payment), `expired`, `suspended`, `revoked`. Times are in the vendor's time zone.",
        security: [{ apiKey: [], apiSecret: [] }],
        requestParams: {
          path: z.object({
            licenseKey: z.string().meta({ description: "The license key.", example: "GA-X3R9-K9L2-M4P1" }),
          }),
        },
        responses: {
          "200": {
            description: "The license",
            content: {
              "application/json": {
                schema: z.object({
                  success: z.literal(true),
                  license: z.object({
                    licenseKey: z.string(),
                    addonName: z.string(),
                    addonVersion: z.string().nullable(),
                    serialNo: z.string().nullable().meta({
                      description: "The bound serial number as the client sent it; null when unbound.",
                    }),
                    status: z.enum(["verified", "pending", "expired", "suspended", "revoked"]),
                    activatedAt: z
                      .string()
                      .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
                      .nullable()
                      .meta({ description: "`YYYY-MM-DD HH:mm:ss`; null until activated." }),
                    expiresAt: z
                      .string()
                      .regex(/^\d{4}-\d{2}-\d{2}$/)
                      .nullable()
                      .meta({ description: "`YYYY-MM-DD`; null when perpetual." }),
                  }),
                }),
                examples: oneExample("seed", "Seed 000's example (200 OK)", seed.statusResponse),
              },
            },
          },
          "400": failure(
            "The key cannot be a license key (`invalid_key_format`), the URL is not valid, or `X-Keyway-Nonce` is not a valid nonce (`invalid_nonce: …`)",
            z.string(),
            "The license key is malformed.",
          ),
          "401": unauthorized,
          "404": failure(
            "No such license for this vendor",
            z.literal("The license was not found."),
            "The license was not found.",
          ),
          "500": serverError,
        },
      },
    },
  };
}
