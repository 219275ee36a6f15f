import type { Executor } from "@keyway/db";
import { type CreatedOrder, createOrder, type OrderRequest, type OrderSettings } from "./create-order";
import { type IdempotentAnswer, withIdempotency } from "./idempotency";

export interface OpenOrderParams {
  order: OrderRequest;
  /**
   * The `Idempotency-Key` sent (if any), the route it was sent to and the request body: the same
   * key and body replay the first answer. Without a vendor API caller there is none (portal).
   */
  idempotency?: { scope: string; key: string | undefined; body: unknown };
  /** The surface's success body (200), stored as the answer to replay; the created order by default. */
  answer?: (order: CreatedOrder) => unknown;
}

/**
 * Every way to buy opens its order here: the native order and subscription routes, Biznoq's
 * purchase and subscribe, JFramework's checkout link and the portal's checkout. Under the
 * `Idempotency-Key`, with this process's order settings, `createOrder`; the answer comes back
 * serialised, exactly as a replay would send it.
 */
export async function openOrder(
  db: Executor,
  settings: OrderSettings,
  params: OpenOrderParams,
): Promise<IdempotentAnswer> {
  const answer = params.answer ?? ((order: CreatedOrder) => order);
  const { scope = "", key, body } = params.idempotency ?? {};
  return withIdempotency(db, { vendorId: params.order.vendorId, scope, key, body }, async () => ({
    statusCode: 200,
    body: answer(await createOrder(db, { ...params.order, ...settings })),
  }));
}
