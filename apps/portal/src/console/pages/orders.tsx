import { OrderStatus } from "@keyway/schema";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc";
import { Card, Empty, PageHeader } from "../ui";
import { OrderRow } from "./orders-row";

/**
 * Orders (commerce's `order.list`), with what was bought, by whom, and the license it made; a
 * paid order can be refunded here, and lists its refunds and disputes (orders-row.tsx).
 */
export default function OrdersPage() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<OrderStatus | "">("");
  const orders = useInfiniteQuery({
    ...trpc.order.list.infiniteQueryOptions(
      { limit: 100, ...(status ? { status } : {}) },
      { getNextPageParam: (page) => page.nextCursor },
    ),
    refetchInterval: 5000,
  });
  const items = orders.data?.pages.flatMap((page) => page.items) ?? [];
  const products = useQuery(trpc.catalog.listProducts.queryOptions({ includeArchived: true }));
  const plans = useQuery(trpc.catalog.listPlans.queryOptions({ includeArchived: true }));
  const customers = useQuery(trpc.dashboard.listCustomers.queryOptions({ limit: 100 }));
  const productName = new Map((products.data ?? []).map((p) => [p.id, p.name]));
  const onRefund = new Map((products.data ?? []).map((p) => [p.id, p.onRefund]));
  const planName = new Map((plans.data ?? []).map((p) => [p.id, p.name]));
  const customer = new Map(
    (customers.data?.items ?? []).map((c) => [c.id, c.email ?? c.phone ?? c.name ?? c.id]),
  );
  return (
    <>
      <PageHeader title="Orders">
        <select
          aria-label="Status"
          value={status}
          onChange={(e) => setStatus(e.target.value as OrderStatus | "")}
        >
          <option value="">All statuses</option>
          {OrderStatus.options.map((s) => (
            <option key={s} value={s}>
              {s.replace("_", " ")}
            </option>
          ))}
        </select>
      </PageHeader>
      <Card>
        {items.length ? (
          <table className="kc-table">
            <thead>
              <tr>
                <th>Reference</th>
                <th>Item</th>
                <th>Customer</th>
                <th>Amount</th>
                <th>Gateway</th>
                <th>Status</th>
                <th>Created</th>
                <th>License</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((o) => (
                <OrderRow
                  key={o.id}
                  order={o}
                  item={
                    (o.planId ? planName.get(o.planId) : undefined) ??
                    (o.productId ? productName.get(o.productId) : undefined) ??
                    "—"
                  }
                  customer={o.customerId ? (customer.get(o.customerId) ?? "—") : "—"}
                  productOnRefund={o.productId ? onRefund.get(o.productId) : undefined}
                />
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>{orders.isPending ? "Loading…" : "No orders yet."}</Empty>
        )}
        {orders.hasNextPage ? (
          <div className="kc-actions">
            <button type="button" disabled={orders.isFetchingNextPage} onClick={() => orders.fetchNextPage()}>
              More orders
            </button>
          </div>
        ) : null}
      </Card>
    </>
  );
}
