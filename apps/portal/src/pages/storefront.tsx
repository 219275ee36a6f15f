import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import { useTRPC } from "../app/trpc";
import { Empty, ErrorNotice, Loading, useTitle } from "../app/ui";
import { AddonCard } from "./offers/addon-card";
import { PackageCard } from "./offers/package-card";
import { PlanOffer } from "./offers/plan-offer";
import { ProductPicture } from "./offers/product-picture";

/** A vendor's storefront: add-ons, software with its plans, and license packages, each its own offer. */
export default function Storefront() {
  const { vendorSlug = "" } = useParams();
  const trpc = useTRPC();
  const store = useQuery(trpc.storefront.get.queryOptions({ vendorSlug }));
  useTitle(store.data?.vendor.name ?? "Store");
  if (store.isPending) return <Loading label="Loading the catalog…" />;
  if (store.isError) return <ErrorNotice error={store.error} retry={() => void store.refetch()} />;
  const { vendor, products } = store.data;
  const software = products.filter((p) => p.kind === "software");
  const addons = products.filter((p) => p.kind === "addon");
  const packages = products.filter((p) => p.kind === "package");
  return (
    <>
      <h1>{vendor.name}</h1>
      <p className="lead">
        Software, add-ons and license plans. Pay securely; your key appears right after payment.
      </p>
      {products.length === 0 ? (
        <Empty title="Nothing for sale yet">
          <p className="muted">This vendor has not published any products.</p>
        </Empty>
      ) : null}
      {addons.length > 0 ? (
        <section aria-labelledby="addons">
          <h2 id="addons" className="section-title">
            Add-ons
          </h2>
          <div className="grid">
            {addons.map((p) => (
              <AddonCard key={p.number} vendorSlug={vendor.slug} product={p} />
            ))}
          </div>
        </section>
      ) : null}
      {software.length > 0 ? (
        <section aria-labelledby="software">
          <h2 id="software" className="section-title">
            Software and plans
          </h2>
          {software.map((p) => (
            <div className="card" key={p.number}>
              <ProductPicture name={p.name} imageUrl={p.imageUrl} />
              <div className="spread">
                <h3>{p.name}</h3>
                {p.version ? <span className="muted small">Version {p.version}</span> : null}
              </div>
              {p.description ? <p className="muted">{p.description}</p> : null}
              {p.plans.length === 0 ? <p className="muted">No plans on sale right now.</p> : null}
              {p.plans.map((plan) => (
                <PlanOffer key={plan.number} vendorSlug={vendor.slug} plan={plan} />
              ))}
            </div>
          ))}
        </section>
      ) : null}
      {packages.length > 0 ? (
        <section aria-labelledby="packages">
          <h2 id="packages" className="section-title">
            License packages
          </h2>
          <div className="grid">
            {packages.map((p) => (
              <PackageCard key={p.number} vendorSlug={vendor.slug} product={p} />
            ))}
          </div>
        </section>
      ) : null}
    </>
  );
}
