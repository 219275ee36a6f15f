import { ENTITLEMENT_CODE_PATTERN, ENTITLEMENT_CODE_RULE, type Entitlement } from "@keyway/schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ConfirmButton } from "../inline-dialogs";
import { useTRPC } from "../trpc";
import { Card, Empty, ErrorNote, Field, PageHeader } from "../ui";
import { EntitlementAttachForm } from "./entitlements-attach";

/**
 * Entitlements: the vendor's feature codes (`PRO_EXPORT`), created here and attached to products
 * and plans; every license of those grants them, and validation answers them.
 */
export default function EntitlementsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.entitlement.list.queryOptions({ limit: 100 }));
  const products = useQuery(trpc.catalog.listProducts.queryOptions({}));
  const plans = useQuery(trpc.catalog.listPlans.queryOptions({}));
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.entitlement.pathFilter());
    void queryClient.invalidateQueries(trpc.catalog.pathFilter());
  };
  const create = useMutation(trpc.entitlement.create.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.entitlement.delete.mutationOptions({ onSuccess: refresh }));
  const detachProduct = useMutation(
    trpc.entitlement.detachFromProduct.mutationOptions({ onSuccess: refresh }),
  );
  const detachPlan = useMutation(trpc.entitlement.detachFromPlan.mutationOptions({ onSuccess: refresh }));
  const [f, setF] = useState({ code: "", name: "", description: "" });
  const [invalid, setInvalid] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const code = f.code.trim().toUpperCase();
    if (!ENTITLEMENT_CODE_PATTERN.test(code)) return setInvalid(`The code ${ENTITLEMENT_CODE_RULE}.`);
    setInvalid(null);
    create.mutate(
      { code, name: f.name, description: f.description || null },
      { onSuccess: () => setF({ code: "", name: "", description: "" }) },
    );
  };
  const productName = new Map((products.data ?? []).map((p) => [p.id, p.name]));
  const planName = new Map((plans.data ?? []).map((p) => [p.id, p.name]));
  const items: Entitlement[] = list.data?.items ?? [];
  return (
    <>
      <PageHeader title="Entitlements" />
      <Card title="New entitlement">
        <form className="kc-form" onSubmit={submit} aria-label="New entitlement">
          <div className="kc-row">
            <Field label="Code" hint="Capital letters, digits and underscores, e.g. PRO_EXPORT">
              <input
                name="code"
                required
                value={f.code}
                autoCapitalize="characters"
                onChange={(e) => setF({ ...f, code: e.target.value })}
              />
            </Field>
            <Field label="Name">
              <input
                name="name"
                required
                value={f.name}
                onChange={(e) => setF({ ...f, name: e.target.value })}
              />
            </Field>
            <Field label="Description">
              <input
                name="description"
                value={f.description}
                onChange={(e) => setF({ ...f, description: e.target.value })}
              />
            </Field>
          </div>
          <ErrorNote error={invalid ? { message: invalid } : create.error} />
          <button type="submit" disabled={create.isPending}>
            Create entitlement
          </button>
        </form>
      </Card>
      {items.length ? (
        <Card title="Attach to a product or plan">
          <EntitlementAttachForm
            entitlements={items}
            products={products.data ?? []}
            plans={plans.data ?? []}
          />
        </Card>
      ) : null}
      <Card title="Your entitlements">
        <ErrorNote error={list.error ?? remove.error ?? detachProduct.error ?? detachPlan.error} />
        {items.length ? (
          <table className="kc-table" data-testid="entitlements">
            <thead>
              <tr>
                <th>Code</th>
                <th>Name</th>
                <th>Granted by</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id} data-code={e.code}>
                  <td>
                    <code>{e.code}</code>
                  </td>
                  <td>
                    {e.name}
                    {e.description ? <small className="kc-muted"> · {e.description}</small> : null}
                  </td>
                  <td>
                    {e.productIds.length + e.planIds.length === 0 ? (
                      <span className="kc-muted">Nothing yet (grant it to a license, or attach it)</span>
                    ) : null}
                    <div>
                      {e.productIds.map((id) => (
                        <div key={id}>
                          Product {productName.get(id) ?? id}{" "}
                          <button
                            type="button"
                            className="kc-link"
                            aria-label={`Detach ${e.code} from product ${productName.get(id) ?? id}`}
                            onClick={() => detachProduct.mutate({ productId: id, entitlementId: e.id })}
                          >
                            Detach
                          </button>
                        </div>
                      ))}
                      {e.planIds.map((id) => (
                        <div key={id}>
                          Plan {planName.get(id) ?? id}{" "}
                          <button
                            type="button"
                            className="kc-link"
                            aria-label={`Detach ${e.code} from plan ${planName.get(id) ?? id}`}
                            onClick={() => detachPlan.mutate({ planId: id, entitlementId: e.id })}
                          >
                            Detach
                          </button>
                        </div>
                      ))}
                    </div>
                  </td>
                  <td>
                    <ConfirmButton
                      label="Delete"
                      message={`Delete ${e.code}? Every license stops answering it at once.`}
                      onConfirm={() => remove.mutate({ entitlementId: e.id })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>No entitlements yet: create one above.</Empty>
        )}
      </Card>
    </>
  );
}
