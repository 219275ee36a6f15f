import type { Plan, Product } from "@keyway/schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { formatMoney, inputFromMinor, minorFromInput } from "../format";
import { useTRPC } from "../trpc";
import { Card, Empty, ErrorNote, Field, PageHeader } from "../ui";

const kindLabel = { software: "Software", addon: "Add-on", package: "License package" } as const;

/** Software, add-ons, license packages and plans: create, edit, archive (nothing is deleted). */
export default function CatalogPage() {
  const trpc = useTRPC();
  const [showArchived, setShowArchived] = useState(false);
  const products = useQuery(trpc.catalog.listProducts.queryOptions({ includeArchived: showArchived }));
  const plans = useQuery(trpc.catalog.listPlans.queryOptions({ includeArchived: showArchived }));
  const settings = useQuery(trpc.vendorSettings.get.queryOptions());
  const currency = settings.data?.currency ?? "USD";
  return (
    <>
      <PageHeader title="Catalog">
        <label className="kc-check">
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />{" "}
          Show archived
        </label>
      </PageHeader>
      <ProductForm
        currency={currency}
        software={(products.data ?? []).filter((p) => p.kind === "software")}
      />
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
                <th />
              </tr>
            </thead>
            <tbody>
              {products.data.map((p) => (
                <ProductRow key={p.id} product={p} />
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>No products yet. Create software, an add-on or a license package above.</Empty>
        )}
      </Card>
      <PlanForm
        currency={currency}
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
                <th />
              </tr>
            </thead>
            <tbody>
              {plans.data.map((plan) => (
                <PlanRow
                  key={plan.id}
                  plan={plan}
                  productName={products.data?.find((p) => p.id === plan.productId)?.name ?? "—"}
                />
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>No plans yet.</Empty>
        )}
      </Card>
    </>
  );
}

function keyExample(p: Product): string {
  const f = p.keyFormat;
  const body = Array.from({ length: f.groups }, () => "X".repeat(f.groupLength)).join(f.separator);
  return f.prefix ? `${f.prefix}${f.separator}${body}` : body;
}

function ProductRow({ product: p }: { product: Product }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const done = { onSuccess: () => void queryClient.invalidateQueries(trpc.catalog.pathFilter()) };
  const archive = useMutation(trpc.catalog.archiveProduct.mutationOptions(done));
  const restore = useMutation(trpc.catalog.restoreProduct.mutationOptions(done));
  return (
    <>
      <tr className={p.archivedAt ? "kc-muted" : undefined}>
        <td>{p.number}</td>
        <td>{kindLabel[p.kind]}</td>
        <td>
          {p.name}
          {p.version ? <small> v{p.version}</small> : null}
        </td>
        <td>{formatMoney(p.price, p.currency)}</td>
        <td>
          {p.durationValue ? `${p.durationValue} ${p.durationUnit}` : p.price !== null ? "perpetual" : "—"}
        </td>
        <td>
          {p.bindingKind} · {p.maxSeats} seat{p.maxSeats === 1 ? "" : "s"}
        </td>
        <td>
          <code>{keyExample(p)}</code>
        </td>
        <td className="kc-actions">
          <button type="button" className="kc-secondary" onClick={() => setEditing(!editing)}>
            {editing ? "Close" : "Edit"}
          </button>
          {p.archivedAt ? (
            <button
              type="button"
              className="kc-secondary"
              onClick={() => restore.mutate({ productId: p.id })}
            >
              Restore
            </button>
          ) : (
            <button
              type="button"
              className="kc-secondary"
              onClick={() => archive.mutate({ productId: p.id })}
            >
              Archive
            </button>
          )}
        </td>
      </tr>
      {editing ? (
        <tr>
          <td colSpan={8}>
            <ProductEditor product={p} onDone={() => setEditing(false)} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** Changes apply to new licenses; existing ones keep their key, binding and seats. */
function ProductEditor({ product: p, onDone }: { product: Product; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(
    trpc.catalog.updateProduct.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.catalog.pathFilter());
        onDone();
      },
    }),
  );
  const currency = p.currency ?? "USD";
  const [f, setF] = useState({
    name: p.name,
    version: p.version ?? "",
    price: p.price === null ? "" : inputFromMinor(p.price, currency),
    currency,
    durationValue: p.durationValue ? String(p.durationValue) : "",
    durationUnit: p.durationUnit ?? "year",
    maxSeats: String(p.maxSeats),
    bindingKind: p.bindingKind,
  });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const price = f.price.trim() ? minorFromInput(f.price, f.currency) : null;
    update.mutate({
      productId: p.id,
      name: f.name,
      version: f.version || null,
      price,
      currency: price === null ? null : f.currency,
      durationValue: f.durationValue ? Number(f.durationValue) : null,
      durationUnit: f.durationValue ? (f.durationUnit as NonNullable<Product["durationUnit"]>) : null,
      maxSeats: Number(f.maxSeats) || 1,
      bindingKind: f.bindingKind,
    });
  };
  return (
    <form className="kc-form" aria-label={`Edit ${p.name}`} onSubmit={submit}>
      <div className="kc-row">
        <Field label="Name">
          <input name="name" required value={f.name} onChange={set("name")} />
        </Field>
        <Field label="Version">
          <input name="version" value={f.version} onChange={set("version")} />
        </Field>
        <Field label="Price">
          <input name="price" inputMode="decimal" value={f.price} onChange={set("price")} />
        </Field>
        <Field label="Currency">
          <input name="currency" maxLength={3} value={f.currency} onChange={set("currency")} />
        </Field>
        <Field label="Valid for">
          <input
            name="durationValue"
            inputMode="numeric"
            value={f.durationValue}
            onChange={set("durationValue")}
          />
        </Field>
        <Field label="Unit">
          <select name="durationUnit" value={f.durationUnit} onChange={set("durationUnit")}>
            {["day", "week", "month", "year"].map((u) => (
              <option key={u}>{u}</option>
            ))}
          </select>
        </Field>
        <Field label="Seats">
          <input name="maxSeats" inputMode="numeric" value={f.maxSeats} onChange={set("maxSeats")} />
        </Field>
        <Field label="Binding">
          <select
            name="bindingKind"
            value={f.bindingKind}
            onChange={(e) => setF({ ...f, bindingKind: e.target.value as Product["bindingKind"] })}
          >
            <option value="domain">Domain</option>
            <option value="serial">Serial number</option>
            <option value="fingerprint">Machine fingerprint</option>
          </select>
        </Field>
      </div>
      <small className="kc-muted">Changes apply to new licenses; issued ones keep their terms.</small>
      <ErrorNote error={update.error} />
      <button type="submit" disabled={update.isPending}>
        Save changes
      </button>
    </form>
  );
}

function ProductForm({ currency, software }: { currency: string; software: Product[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.catalog.createProduct.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.catalog.pathFilter()),
    }),
  );
  const blank = {
    kind: "addon" as Product["kind"],
    name: "",
    version: "",
    price: "",
    currency,
    durationValue: "1",
    durationUnit: "year" as NonNullable<Product["durationUnit"]>,
    bindingKind: "domain" as Product["bindingKind"],
    maxSeats: "1",
    prefix: "",
    groups: "4",
    groupLength: "4",
    parentProductId: "",
  };
  const [f, setF] = useState(blank);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const price = f.price.trim() ? minorFromInput(f.price, f.currency || currency) : null;
    create.mutate(
      {
        kind: f.kind,
        name: f.name,
        version: f.version || null,
        price,
        currency: price === null ? null : f.currency || currency,
        durationValue: f.durationValue ? Number(f.durationValue) : null,
        durationUnit: f.durationValue ? f.durationUnit : null,
        bindingKind: f.bindingKind,
        maxSeats: Number(f.maxSeats) || 1,
        keyFormat: {
          prefix: f.prefix,
          groups: Number(f.groups) || 4,
          groupLength: Number(f.groupLength) || 4,
          separator: "-",
        },
        parentProductId: f.kind === "addon" && f.parentProductId ? f.parentProductId : null,
      },
      { onSuccess: () => setF({ ...blank, kind: f.kind }) },
    );
  };
  return (
    <Card title="New product">
      <form className="kc-form" onSubmit={submit} aria-label="New product">
        <div className="kc-row">
          <Field label="Kind">
            <select name="kind" value={f.kind} onChange={set("kind")}>
              <option value="software">Software</option>
              <option value="addon">Add-on</option>
              <option value="package">License package</option>
            </select>
          </Field>
          <Field label="Name">
            <input name="name" required value={f.name} onChange={set("name")} />
          </Field>
          <Field label="Version">
            <input name="version" value={f.version} onChange={set("version")} />
          </Field>
          {f.kind === "addon" && software.length ? (
            <Field label="Extends">
              <select name="parentProductId" value={f.parentProductId} onChange={set("parentProductId")}>
                <option value="">—</option>
                {software.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </Field>
          ) : null}
        </div>
        <div className="kc-row">
          <Field
            label="Price"
            hint={f.kind === "software" ? "Software is usually sold through plans." : undefined}
          >
            <input
              name="price"
              inputMode="decimal"
              placeholder="29.99"
              value={f.price}
              onChange={set("price")}
            />
          </Field>
          <Field label="Currency">
            <input name="currency" maxLength={3} value={f.currency} onChange={set("currency")} />
          </Field>
          <Field label="Valid for" hint="Empty = perpetual">
            <input
              name="durationValue"
              inputMode="numeric"
              value={f.durationValue}
              onChange={set("durationValue")}
            />
          </Field>
          <Field label="Unit">
            <select name="durationUnit" value={f.durationUnit} onChange={set("durationUnit")}>
              {["day", "week", "month", "year"].map((u) => (
                <option key={u}>{u}</option>
              ))}
            </select>
          </Field>
        </div>
        <div className="kc-row">
          <Field label="Binding">
            <select name="bindingKind" value={f.bindingKind} onChange={set("bindingKind")}>
              <option value="domain">Domain</option>
              <option value="serial">Serial number</option>
              <option value="fingerprint">Machine fingerprint</option>
            </select>
          </Field>
          <Field label="Seats">
            <input name="maxSeats" inputMode="numeric" value={f.maxSeats} onChange={set("maxSeats")} />
          </Field>
          <Field label="Key prefix">
            <input name="prefix" maxLength={8} value={f.prefix} onChange={set("prefix")} />
          </Field>
          <Field label="Groups">
            <input name="groups" inputMode="numeric" value={f.groups} onChange={set("groups")} />
          </Field>
          <Field label="Group length">
            <input
              name="groupLength"
              inputMode="numeric"
              value={f.groupLength}
              onChange={set("groupLength")}
            />
          </Field>
        </div>
        <ErrorNote error={create.error} />
        <button type="submit" disabled={create.isPending}>
          Create product
        </button>
      </form>
    </Card>
  );
}

function PlanForm({ currency, products }: { currency: string; products: Product[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.catalog.createPlan.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.catalog.pathFilter()),
    }),
  );
  const [f, setF] = useState({ productId: "", name: "", monthly: "", yearly: "" });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  const productId = f.productId || products[0]?.id || "";
  const planCurrency = products.find((p) => p.id === productId)?.currency ?? currency;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const prices = (["monthly", "yearly"] as const).flatMap((cycle) => {
      const amount = f[cycle].trim() ? minorFromInput(f[cycle], planCurrency) : null;
      return amount === null ? [] : [{ billingCycle: cycle, amount, currency: planCurrency }];
    });
    create.mutate(
      { productId, name: f.name, prices },
      { onSuccess: () => setF({ ...f, name: "", monthly: "", yearly: "" }) },
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
          <Field label={`Monthly (${planCurrency})`}>
            <input name="monthly" inputMode="decimal" value={f.monthly} onChange={set("monthly")} />
          </Field>
          <Field label={`Yearly (${planCurrency})`}>
            <input name="yearly" inputMode="decimal" value={f.yearly} onChange={set("yearly")} />
          </Field>
        </div>
        <ErrorNote error={create.error} />
        <button type="submit" disabled={create.isPending}>
          Create plan
        </button>
      </form>
    </Card>
  );
}

function PlanRow({ plan, productName }: { plan: Plan; productName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const done = { onSuccess: () => void queryClient.invalidateQueries(trpc.catalog.pathFilter()) };
  const archive = useMutation(trpc.catalog.archivePlan.mutationOptions(done));
  const restore = useMutation(trpc.catalog.restorePlan.mutationOptions(done));
  const setPrice = useMutation(trpc.catalog.setPlanPrice.mutationOptions(done));
  return (
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
      </td>
      <td className="kc-actions">
        <button
          type="button"
          className="kc-secondary"
          onClick={() => {
            const current = plan.prices.find((p) => p.billingCycle === "monthly");
            const value = prompt("Monthly price", current ? String(current.amount / 100) : "");
            const cur = current?.currency ?? plan.prices[0]?.currency ?? "USD";
            const amount = value ? minorFromInput(value, cur) : null;
            if (amount !== null)
              setPrice.mutate({
                planId: plan.id,
                billingCycle: "monthly",
                amount,
                currency: cur,
                active: true,
              });
          }}
        >
          Monthly price
        </button>
        {plan.archivedAt ? (
          <button type="button" className="kc-secondary" onClick={() => restore.mutate({ planId: plan.id })}>
            Restore
          </button>
        ) : (
          <button type="button" className="kc-secondary" onClick={() => archive.mutate({ planId: plan.id })}>
            Archive
          </button>
        )}
      </td>
    </tr>
  );
}
