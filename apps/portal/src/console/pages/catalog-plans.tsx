import {
  BillingCycle,
  type ExpiryPolicy,
  formatMoney,
  inputFromMinor,
  minorFromDecimal,
  type Plan,
  type Product,
} from "@keyway/schema";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { InlineForm } from "../inline-dialogs";
import { useTRPC } from "../trpc";
import { Card, ErrorNote, Field } from "../ui";
import { PolicyFields } from "./catalog-policy-fields";
import { planPolicy, policyFormValues, policySummary, priceProblem } from "./catalog-product-input";

const cycleField: Record<BillingCycle, string> = { monthly: "Monthly", yearly: "Yearly" };

/** A plan's prices are in its product's currency, else the store's. */
export function planCurrency(product: Product | undefined, storeCurrency: string): string {
  return product?.currency ?? storeCurrency;
}

export function PlanForm({ storeCurrency, products }: { storeCurrency: string; products: Product[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.catalog.createPlan.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.catalog.pathFilter()),
    }),
  );
  const [f, setF] = useState({ productId: "", name: "", monthly: "", yearly: "", ...policyFormValues() });
  const [invalid, setInvalid] = useState<string | null>(null);
  const set = (k: "productId" | "name" | BillingCycle) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  const productId = f.productId || products[0]?.id || "";
  const product = products.find((p) => p.id === productId);
  const currency = planCurrency(product, storeCurrency);
  const [priceErrors, setPriceErrors] = useState<Partial<Record<BillingCycle, string>>>({});
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Partial<Record<BillingCycle, string>> = {};
    for (const cycle of BillingCycle.options) {
      const problem = priceProblem(`${cycleField[cycle]} price`, f[cycle], currency);
      if (problem) problems[cycle] = problem;
    }
    setPriceErrors(problems);
    const policy = planPolicy(f);
    setInvalid(policy.ok ? null : policy.error);
    if (Object.keys(problems).length || !policy.ok) return;
    const prices = BillingCycle.options.flatMap((cycle) => {
      const amount = f[cycle].trim() ? minorFromDecimal(f[cycle], currency) : null;
      return amount === null ? [] : [{ billingCycle: cycle, amount, currency }];
    });
    create.mutate(
      { productId, name: f.name, prices, ...policy.value },
      { onSuccess: () => setF({ ...f, name: "", monthly: "", yearly: "", ...policyFormValues() }) },
    );
  };
  if (!products.length) return null;
  return (
    <Card title="New plan">
      <form className="kc-form" onSubmit={submit} aria-label="New plan">
        <div className="kc-row">
          <Field label="Product">
            <select name="planProduct" value={productId} onChange={set("productId")}>
              {products.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Plan name">
            <input name="planName" required value={f.name} onChange={set("name")} />
          </Field>
          {BillingCycle.options.map((cycle) => (
            <Field key={cycle} label={`${cycleField[cycle]} (${currency})`}>
              <input
                name={cycle}
                inputMode="decimal"
                value={f[cycle]}
                onChange={set(cycle)}
                aria-invalid={priceErrors[cycle] ? true : undefined}
                aria-describedby={priceErrors[cycle] ? `plan-${cycle}-error` : undefined}
              />
              {priceErrors[cycle] ? (
                <small id={`plan-${cycle}-error`} className="kc-error" role="alert">
                  {priceErrors[cycle]}
                </small>
              ) : null}
            </Field>
          ))}
        </div>
        <PolicyFields f={f} set={(patch) => setF({ ...f, ...patch })} inherit={product} prefix="plan-" />
        <ErrorNote error={invalid ? { message: invalid } : create.error} />
        <button type="submit" disabled={create.isPending}>
          Create plan
        </button>
      </form>
    </Card>
  );
}

export function PlanRow({
  plan,
  productName,
  productPolicy,
  currency,
}: {
  plan: Plan;
  productName: string;
  /** The product's expiry policy, which the plan's null fields follow. */
  productPolicy: ExpiryPolicy | undefined;
  /** The plan's currency when it has no price yet. */
  currency: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const done = { onSuccess: () => void queryClient.invalidateQueries(trpc.catalog.pathFilter()) };
  const archive = useMutation(trpc.catalog.archivePlan.mutationOptions(done));
  const restore = useMutation(trpc.catalog.restorePlan.mutationOptions(done));
  const setPrice = useMutation(trpc.catalog.setPlanPrice.mutationOptions(done));
  const [editing, setEditing] = useState(false);
  const [editingPolicy, setEditingPolicy] = useState(false);
  const overrides =
    plan.expiryStrategy !== null || plan.gracePeriodDays !== null || plan.clockStartsAt !== null;
  const current = plan.prices.find((p) => p.billingCycle === "monthly");
  const cur = current?.currency ?? plan.prices[0]?.currency ?? currency;
  const setMonthly = (value: string) => {
    const amount = value.trim() ? minorFromDecimal(value, cur) : null;
    if (amount === null)
      return priceProblem("Monthly price", value, cur) ?? `Enter the monthly price in ${cur}.`;
    setPrice.mutate({ planId: plan.id, billingCycle: "monthly", amount, currency: cur, active: true });
  };
  return (
    <>
      <tr className={plan.archivedAt ? "kc-muted" : undefined}>
        <td>{plan.number}</td>
        <td>{plan.name}</td>
        <td>{productName}</td>
        <td>
          {plan.prices.map((p) => (
            <span key={p.id} className={`kc-chip${p.active ? "" : " kc-muted"}`}>
              {p.billingCycle}: {formatMoney(p.amount, p.currency)}
            </span>
          ))}
          <ErrorNote error={setPrice.error} />
        </td>
        <td>
          {overrides && productPolicy
            ? policySummary({
                expiryStrategy: plan.expiryStrategy ?? productPolicy.expiryStrategy,
                gracePeriodDays: plan.gracePeriodDays ?? productPolicy.gracePeriodDays,
                clockStartsAt: plan.clockStartsAt ?? productPolicy.clockStartsAt,
              })
            : "Same as product"}
        </td>
        <td className="kc-actions">
          {editing ? (
            <InlineForm
              label={`Monthly price (${cur})`}
              name="monthlyPrice"
              inputMode="decimal"
              initial={current ? inputFromMinor(current.amount, cur) : ""}
              disabled={setPrice.isPending}
              onSubmit={setMonthly}
              onCancel={() => setEditing(false)}
            />
          ) : (
            <button type="button" className="kc-secondary" onClick={() => setEditing(true)}>
              Monthly price
            </button>
          )}
          <button type="button" className="kc-secondary" onClick={() => setEditingPolicy(!editingPolicy)}>
            {editingPolicy ? "Close" : "Expiry policy"}
          </button>
          {plan.archivedAt ? (
            <button
              type="button"
              className="kc-secondary"
              onClick={() => restore.mutate({ planId: plan.id })}
            >
              Restore
            </button>
          ) : (
            <button
              type="button"
              className="kc-secondary"
              onClick={() => archive.mutate({ planId: plan.id })}
            >
              Archive
            </button>
          )}
        </td>
      </tr>
      {editingPolicy ? (
        <tr>
          <td colSpan={6}>
            <PlanPolicyForm
              plan={plan}
              productPolicy={productPolicy}
              onSaved={() => setEditingPolicy(false)}
            />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** A plan's overrides of its product's expiry policy; "Same as product" clears one. */
function PlanPolicyForm({
  plan,
  productPolicy,
  onSaved,
}: {
  plan: Plan;
  productPolicy: ExpiryPolicy | undefined;
  onSaved: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(
    trpc.catalog.updatePlan.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.catalog.pathFilter());
        onSaved();
      },
    }),
  );
  const [f, setF] = useState(() => policyFormValues(plan));
  const [invalid, setInvalid] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const policy = planPolicy(f);
    setInvalid(policy.ok ? null : policy.error);
    if (policy.ok) update.mutate({ planId: plan.id, ...policy.value });
  };
  return (
    <form className="kc-form" onSubmit={submit} aria-label={`Expiry policy of ${plan.name}`}>
      <PolicyFields
        f={f}
        set={(patch) => setF({ ...f, ...patch })}
        inherit={productPolicy}
        prefix={`plan-${plan.id}-`}
      />
      <ErrorNote error={invalid ? { message: invalid } : update.error} />
      <button type="submit" disabled={update.isPending}>
        Save policy
      </button>
    </form>
  );
}
