import type { Entitlement, Plan, Product } from "@keyway/schema";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTRPC } from "../trpc";
import { ErrorNote, Field } from "../ui";

/** Attaches one of the vendor's entitlements to a product or a plan: every license of it grants it. */
export function EntitlementAttachForm({
  entitlements,
  products,
  plans,
}: {
  entitlements: Entitlement[];
  products: Product[];
  plans: Plan[];
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const done = {
    onSuccess: () => {
      void queryClient.invalidateQueries(trpc.entitlement.pathFilter());
      void queryClient.invalidateQueries(trpc.catalog.pathFilter());
    },
  };
  const toProduct = useMutation(trpc.entitlement.attachToProduct.mutationOptions(done));
  const toPlan = useMutation(trpc.entitlement.attachToPlan.mutationOptions(done));
  const [entitlementId, setEntitlementId] = useState("");
  // `product:<id>` or `plan:<id>`.
  const [target, setTarget] = useState("");
  const chosen = entitlementId || entitlements[0]?.id || "";
  const productName = new Map(products.map((p) => [p.id, p.name]));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const [kind, id = ""] = target.split(":");
    if (!chosen || !id) return;
    if (kind === "product") toProduct.mutate({ productId: id, entitlementId: chosen });
    else toPlan.mutate({ planId: id, entitlementId: chosen });
  };
  return (
    <form className="kc-form" onSubmit={submit} aria-label="Attach an entitlement">
      <div className="kc-row">
        <Field label="Entitlement">
          <select name="entitlement" value={chosen} onChange={(e) => setEntitlementId(e.target.value)}>
            {entitlements.map((e) => (
              <option key={e.id} value={e.id}>
                {e.code} — {e.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Product or plan">
          <select name="target" required value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">Choose…</option>
            <optgroup label="Products">
              {products.map((p) => (
                <option key={p.id} value={`product:${p.id}`}>
                  {p.name}
                </option>
              ))}
            </optgroup>
            <optgroup label="Plans">
              {plans.map((p) => (
                <option key={p.id} value={`plan:${p.id}`}>
                  {p.name} ({productName.get(p.productId) ?? "plan"})
                </option>
              ))}
            </optgroup>
          </select>
        </Field>
      </div>
      <ErrorNote error={toProduct.error ?? toPlan.error} />
      <button type="submit" disabled={toProduct.isPending || toPlan.isPending}>
        Attach
      </button>
    </form>
  );
}
