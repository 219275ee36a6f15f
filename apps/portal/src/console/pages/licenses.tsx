import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { formatDate } from "../format";
import { useTRPC } from "../trpc";
import { Card, Empty, PageHeader, StatusBadge } from "../ui";

/** Search by key, customer (email, phone, name), domain or serial. */
export default function LicensesPage() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const query = params.get("q") ?? "";
  const [draft, setDraft] = useState(query);
  const hits = useQuery(trpc.dashboard.searchLicenses.queryOptions({ query, limit: 50 }));
  return (
    <>
      <PageHeader title="Licenses" />
      <Card>
        <form
          className="kc-inline"
          onSubmit={(e) => {
            e.preventDefault();
            setParams(draft ? { q: draft } : {});
          }}
        >
          <input
            type="search"
            aria-label="Search licenses"
            placeholder="Key, customer email or phone, domain, serial…"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
          <button type="submit">Search</button>
        </form>
      </Card>
      <Card title={query ? `Results for “${query}”` : "Latest licenses"}>
        {hits.data?.length ? (
          <table className="kc-table">
            <thead>
              <tr>
                <th>Key</th>
                <th>Status</th>
                <th>Product</th>
                <th>Customer</th>
                <th>Bound to</th>
                <th>Expires</th>
              </tr>
            </thead>
            <tbody>
              {hits.data.map((l) => (
                <tr key={l.id}>
                  <td>
                    <Link to={`/console/licenses/${l.id}`}>
                      <code>{l.key}</code>
                    </Link>
                  </td>
                  <td>
                    <StatusBadge status={l.status} />
                  </td>
                  <td>{l.productName}</td>
                  <td>{l.customer ?? "—"}</td>
                  <td>{l.bindings.join(", ") || "—"}</td>
                  <td>{l.expiresAt ? formatDate(l.expiresAt) : "never"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>{hits.isPending ? "Searching…" : "No licenses match."}</Empty>
        )}
      </Card>
    </>
  );
}
