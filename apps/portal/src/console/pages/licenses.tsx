import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { formatDate } from "../format";
import { useTRPC } from "../trpc";
import { Card, Empty, ErrorNote, Field, PageHeader, StatusBadge } from "../ui";
import { MoveLicenses } from "./licenses-move";

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
      <NewLicense />
      <MoveLicenses />
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
                  <td data-label="Key">
                    <Link to={`/console/licenses/${l.id}`}>
                      <code>{l.key}</code>
                    </Link>
                  </td>
                  <td data-label="Status">
                    <StatusBadge status={l.status} />
                  </td>
                  <td data-label="Product">{l.productName}</td>
                  <td data-label="Customer">{l.customer ?? "—"}</td>
                  <td data-label="Bound to">{l.bindings.join(", ") || "—"}</td>
                  <td data-label="Expires">{l.expiresAt ? formatDate(l.expiresAt) : "never"}</td>
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

/** A license by hand: a gift, a replacement, a migration from another system. */
function NewLicense() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const products = useQuery({ ...trpc.catalog.listProducts.queryOptions({}), enabled: open });
  const create = useMutation(
    trpc.dashboard.createLicense.mutationOptions({
      onSuccess: (license) => {
        void queryClient.invalidateQueries(trpc.dashboard.pathFilter());
        void navigate(`/console/licenses/${license.id}`);
      },
    }),
  );
  const [f, setF] = useState({ productId: "", customerEmail: "", binding: "", expiresOn: "" });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  if (!open) {
    return (
      <div className="kc-actions" style={{ marginBottom: 16 }}>
        <button type="button" onClick={() => setOpen(true)}>
          New license by hand
        </button>
      </div>
    );
  }
  const productId = f.productId || products.data?.[0]?.id || "";
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({
      productId,
      customerEmail: f.customerEmail || undefined,
      binding: f.binding || undefined,
      ...(f.expiresOn ? { expiresAt: new Date(`${f.expiresOn}T23:59:59Z`).toISOString() } : {}),
    });
  };
  return (
    <Card title="New license">
      <form className="kc-form" aria-label="New license" onSubmit={submit}>
        <div className="kc-row">
          <Field label="Product">
            <select name="productId" value={productId} onChange={set("productId")}>
              {(products.data ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.bindingKind})
                </option>
              ))}
            </select>
          </Field>
          <Field label="Customer email">
            <input
              name="customerEmail"
              type="email"
              value={f.customerEmail}
              onChange={set("customerEmail")}
            />
          </Field>
          <Field label="Bind to" hint="Domain or serial; empty = the first verification binds it">
            <input name="binding" value={f.binding} onChange={set("binding")} />
          </Field>
          <Field label="Expires on" hint="Empty = the product's validity">
            <input name="expiresOn" type="date" value={f.expiresOn} onChange={set("expiresOn")} />
          </Field>
        </div>
        <ErrorNote error={create.error} />
        <div className="kc-actions">
          <button type="submit" disabled={create.isPending || !productId}>
            Create license
          </button>
          <button type="button" className="kc-secondary" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
      </form>
    </Card>
  );
}
