import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc";
import { Card, Empty, PageHeader } from "../ui";
import { PlanForm, PlanRow, planCurrency } from "./catalog-plans";
import { ProductForm } from "./catalog-product-form";
import { ProductRow } from "./catalog-product-row";

/** Software, add-ons, license packages and plans: create, edit, archive (nothing is deleted). */
export default function CatalogPage() {
  const trpc = useTRPC();
  const [showArchived, setShowArchived] = useState(false);
  const products = useQuery(trpc.catalog.listProducts.queryOptions({ includeArchived: showArchived }));
  const plans = useQuery(trpc.catalog.listPlans.queryOptions({ includeArchived: showArchived }));
  const settings = useQuery(trpc.vendorSettings.get.queryOptions());
  const currency = settings.data?.currency;
  const header = (
    <PageHeader title="Catalog">
      <label className="kc-check">
        <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />{" "}
        Show archived
      </label>
    </PageHeader>
  );
  // Prices are typed in the store's currency unless another is given: wait until it is known.
  if (!currency)
    return (
      <>
        {header}
        <p className="kc-loading">Loading…</p>
      </>
    );
  return (
    <>
      {header}
      <Card title="New product">
        <ProductForm
          storeCurrency={currency}
          software={(products.data ?? []).filter((p) => p.kind === "software")}
        />
      </Card>
      <Card title="Products">
        {products.data?.length ? (
          <table className="kc-table">
            <thead>
              <tr>
                <th>#</th>
                <th>Kind</th>
                <th>Name</th>
                <th>Price</th>
                <th>Validity</th>
                <th>Binding</th>
                <th>Key format</th>
                <th>Expiry policy</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {products.data.map((p) => (
                <ProductRow key={p.id} product={p} storeCurrency={currency} />
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>No products yet. Create software, an add-on or a license package above.</Empty>
        )}
      </Card>
      <PlanForm
        storeCurrency={currency}
        products={(products.data ?? []).filter((p) => p.kind !== "addon" && !p.archivedAt)}
      />
      <Card title="Plans">
        {plans.data?.length ? (
          <table className="kc-table">
            <thead>
              <tr>
                <th>#</th>
                <th>Plan</th>
                <th>Product</th>
                <th>Prices</th>
                <th>Expiry policy</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {plans.data.map((plan) => {
                const product = products.data?.find((p) => p.id === plan.productId);
                return (
                  <PlanRow
                    key={plan.id}
                    plan={plan}
                    productName={product?.name ?? "—"}
                    productPolicy={product}
                    currency={planCurrency(product, currency)}
                  />
                );
              })}
            </tbody>
          </table>
        ) : (
          <Empty>No plans yet.</Empty>
        )}
      </Card>
    </>
  );
}
