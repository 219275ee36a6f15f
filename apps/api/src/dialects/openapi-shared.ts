import { z } from "zod";

/**
 * A dialect's own body contract, each field described for /openapi.json. The fields are the
 * contract's (a field added to the contract shows up in the document); only descriptions are added.
 */
export function describedFields<S extends Record<string, z.ZodType>>(
  contract: z.ZodObject<S>,
  descriptions: { [K in keyof S]?: string },
): z.ZodObject {
  const fields = Object.entries(contract.shape).map(([name, field]) => {
    const description = descriptions[name];
    return [name, description ? field.meta({ description }) : field] as const;
  });
  return z.object(Object.fromEntries(fields));
}

/** The `Idempotency-Key` request header of the routes that open an order (core's `withIdempotency`). */
export const idempotencyKeyHeader = z.object({
  "Idempotency-Key": z.string().max(255).optional().meta({
    description:
      "Makes retries safe: the same key with the same body replays the first answer for 24 h, byte for byte; the same key with another body is a 409.",
    example: "order-2026-05-29-0001",
  }),
});

/** An OpenAPI `examples` map of one named example. */
export function oneExample(name: string, summary: string, value: unknown) {
  return { [name]: { summary, value } };
}
