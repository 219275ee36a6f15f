import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { formatDate } from "../format";
import { useTRPC } from "../trpc";
import { Card, Empty, PageHeader } from "../ui";

export default function CustomersPage() {
  const trpc = useTRPC();
  // `?q=` opens the list on one customer (an order or a license links here with their email).
  const [params] = useSearchParams();
  const [query, setQuery] = useState(() => params.get("q") ?? "");
  const customers = useInfiniteQuery(
    trpc.dashboard.listCustomers.infiniteQueryOptions(
      { query: query || undefined, limit: 50 },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const items = customers.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <PageHeader title="Customers" />
      <Card>
        <input
          type="search"
          aria-label="Search customers"
          placeholder="Email, phone or name"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </Card>
      <Card title={`${items.length}${customers.hasNextPage ? "+" : ""} customers`}>
        {items.length ? (
          <table className="kc-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
                <th>Phone</th>
                <th>Licenses</th>
                <th>Paid orders</th>
                <th>Since</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <td data-label="Name">
                    <Link to={`/console/customers/${c.id}`}>{c.name ?? c.email ?? c.phone ?? c.id}</Link>
                  </td>
                  <td data-label="Email">{c.email ?? "—"}</td>
                  <td data-label="Phone">{c.phone ?? "—"}</td>
                  <td data-label="Licenses">
                    <Link to={`/console/licenses?q=${encodeURIComponent(c.email ?? c.phone ?? c.id)}`}>
                      {c.licenses}
                    </Link>
                  </td>
                  <td data-label="Paid orders">{c.paidOrders}</td>
                  <td data-label="Since">{formatDate(c.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>No customers yet.</Empty>
        )}
        {customers.hasNextPage ? (
          <div className="kc-actions">
            <button
              type="button"
              disabled={customers.isFetchingNextPage}
              onClick={() => customers.fetchNextPage()}
            >
              More customers
            </button>
          </div>
        ) : null}
      </Card>
    </>
  );
}
