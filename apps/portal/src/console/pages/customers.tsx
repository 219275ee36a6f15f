import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { formatDate } from "../format";
import { useTRPC } from "../trpc";
import { Card, Empty, PageHeader } from "../ui";

export default function CustomersPage() {
  const trpc = useTRPC();
  const [query, setQuery] = useState("");
  const customers = useQuery(
    trpc.dashboard.listCustomers.queryOptions({ query: query || undefined, limit: 50, offset: 0 }),
  );
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
      <Card title={`${customers.data?.total ?? 0} customers`}>
        {customers.data?.items.length ? (
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
              {customers.data.items.map((c) => (
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
      </Card>
    </>
  );
}
