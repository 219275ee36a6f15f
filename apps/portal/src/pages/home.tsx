import { useQuery } from "@tanstack/react-query";
import { Link, Navigate } from "react-router";
import { useTRPC } from "../app/trpc";
import { Empty, ErrorNotice, Loading, useTitle } from "../app/ui";

export default function Home() {
  useTitle("Storefronts");
  const trpc = useTRPC();
  const vendors = useQuery(trpc.storefront.listVendors.queryOptions());
  if (vendors.isPending) return <Loading label="Loading storefronts…" />;
  if (vendors.isError) return <ErrorNotice error={vendors.error} retry={() => void vendors.refetch()} />;
  const [only] = vendors.data;
  if (vendors.data.length === 1 && only) return <Navigate to={`/${only.slug}`} replace />;
  if (vendors.data.length === 0)
    return (
      <Empty title="No storefronts yet">
        <p className="muted">When a vendor opens a store on Keyway, it appears here.</p>
      </Empty>
    );
  return (
    <>
      <h1>Storefronts</h1>
      <p className="lead">Choose a vendor to browse their software and licenses.</p>
      <div className="grid">
        {vendors.data.map((v) => (
          <Link key={v.slug} to={`/${v.slug}`} className="card" style={{ textDecoration: "none" }}>
            <h2>{v.name}</h2>
            <p className="muted small">Prices in {v.currency}</p>
          </Link>
        ))}
      </div>
    </>
  );
}
