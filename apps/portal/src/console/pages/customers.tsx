import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { formatDate } from "../format";
import { useTRPC } from "../trpc";
import { Card, Empty, PageHeader } from "../ui";

export default function CustomersPage() {
  const trpc = useTRPC();
  const [query, setQuery] = useState("");
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
                  <td>{c.name ?? "—"}</td>
                  <td>{c.email ?? "—"}</td>
                  <td>{c.phone ?? "—"}</td>
                  <td>
                    <Link to={`/console/licenses?q=${encodeURIComponent(c.email ?? c.phone ?? c.id)}`}>
                      {c.licenses}
                    </Link>
                  </td>
                  <td>{c.paidOrders}</td>
                  <td>{formatDate(c.createdAt)}</td>
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
