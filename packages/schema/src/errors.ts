import { z } from "zod";

/**
 * Every domain error Keyway can answer with, and how each surface shows it.
 * One table: core throws a code, tRPC, the OpenAPI routes and the dialects map it from here.
 */
export const errorTable = {
  invalid_input: { status: 400, trpc: "BAD_REQUEST" },
  unauthorized: { status: 401, trpc: "UNAUTHORIZED" },
  forbidden: { status: 403, trpc: "FORBIDDEN" },
  not_found: { status: 404, trpc: "NOT_FOUND" },
  conflict: { status: 409, trpc: "CONFLICT" },
  invalid_key_format: { status: 400, trpc: "BAD_REQUEST" },
  license_not_found: { status: 404, trpc: "NOT_FOUND" },
  license_pending: { status: 403, trpc: "FORBIDDEN" },
  license_expired: { status: 403, trpc: "FORBIDDEN" },
  license_suspended: { status: 403, trpc: "FORBIDDEN" },
  license_revoked: { status: 403, trpc: "FORBIDDEN" },
  binding_mismatch: { status: 403, trpc: "FORBIDDEN" },
  /** A validation or activation required entitlements the license lacks (`details.missing`). */
  entitlements_missing: { status: 403, trpc: "FORBIDDEN" },
  seat_limit_reached: { status: 409, trpc: "CONFLICT" },
  /** A floating seat that missed its heartbeat window: activate again. */
  seat_dead: { status: 409, trpc: "CONFLICT" },
  /** A heartbeat for a value that holds no seat of the license: activate first. */
  not_activated: { status: 409, trpc: "CONFLICT" },
  order_not_payable: { status: 409, trpc: "CONFLICT" },
  payment_refused: { status: 400, trpc: "BAD_REQUEST" },
  /** Checkout of a live order where the store has no real gateway configured (production). */
  payments_unavailable: { status: 409, trpc: "CONFLICT" },
  idempotency_conflict: { status: 409, trpc: "CONFLICT" },
  /** A product picture that is not a PNG, JPEG or WebP by its bytes (whatever its name says). */
  image_unsupported: { status: 400, trpc: "BAD_REQUEST" },
  /** A product picture over PRODUCT_IMAGE_MAX_BYTES. */
  image_too_large: { status: 400, trpc: "BAD_REQUEST" },
  /** A verification nonce (`X-Keyway-Nonce` or `nonce`) out of its pattern, or header and body differing. */
  invalid_nonce: { status: 400, trpc: "BAD_REQUEST" },
  rate_limited: { status: 429, trpc: "TOO_MANY_REQUESTS" },
  gateway_error: { status: 502, trpc: "BAD_GATEWAY" },
  internal: { status: 500, trpc: "INTERNAL_SERVER_ERROR" },
} as const satisfies Record<string, { status: number; trpc: string }>;

export type ErrorCode = keyof typeof errorTable;

/** The error body of the native REST API and the `data` of a tRPC error. */
export const ApiError = z
  .object({
    code: z.string().meta({ example: "license_not_found" }),
    message: z.string().meta({ example: "The license was not found." }),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: "Error" });
export type ApiError = z.infer<typeof ApiError>;
