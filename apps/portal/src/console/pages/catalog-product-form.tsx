import { CatalogProductKind, KEY_SEPARATORS, type Product } from "@keyway/schema";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTRPC } from "../trpc";
import { ErrorNote, Field } from "../ui";
import {
  CERTIFICATE_DAYS_ERROR,
  CertificateLifetimeField,
  certificateDays,
  certificateDaysText,
} from "./catalog-certificate-field";
import { PolicyFields } from "./catalog-policy-fields";
import {
  bindingKinds,
  bindingLabel,
  durationUnits,
  kindLabel,
  newProductInput,
  onRefundLabel,
  type ProductFormValues,
  productFormValues,
  productTerms,
  refundActions,
} from "./catalog-product-input";
import { SeatFields, seatFormValues, seatSettings } from "./catalog-seat-fields";

/**
 * One form for a new product and for editing one (`product`). A product's kind, key format and
 * parent are chosen when it is created; edits change the terms new licenses get.
 */
export function ProductForm({
  product,
  storeCurrency,
  software = [],
  onSaved,
}: {
  product?: Product;
  storeCurrency: string;
  /** What a new add-on can extend. */
  software?: Product[];
  onSaved?: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const done = { onSuccess: () => void queryClient.invalidateQueries(trpc.catalog.pathFilter()) };
  const create = useMutation(trpc.catalog.createProduct.mutationOptions(done));
  const update = useMutation(trpc.catalog.updateProduct.mutationOptions(done));
  const [f, setF] = useState(() => productFormValues(product, storeCurrency));
  const [seats, setSeats] = useState(() => seatFormValues(product));
  const [ttl, setTtl] = useState(() => certificateDaysText(product));
  const [invalid, setInvalid] = useState<string | null>(null);
  const set =
    <K extends keyof ProductFormValues>(k: K) =>
    (e: { target: { value: string } }) =>
      setF({ ...f, [k]: e.target.value as ProductFormValues[K] });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const seat = seatSettings(seats);
    if (!seat.ok) return setInvalid(seat.error);
    const certificateTtlDays = certificateDays(ttl);
    if (certificateTtlDays === null) return setInvalid(CERTIFICATE_DAYS_ERROR);
    if (product) {
      const terms = productTerms(f, storeCurrency);
      setInvalid(terms.ok ? null : terms.error);
      if (terms.ok)
        update.mutate(
          { productId: product.id, ...terms.value, ...seat.value, certificateTtlDays },
          { onSuccess: onSaved },
        );
      return;
    }
    const input = newProductInput(f, storeCurrency);
    setInvalid(input.ok ? null : input.error);
    if (input.ok)
      create.mutate(
        { ...input.value, ...seat.value, certificateTtlDays },
        {
          onSuccess: () => {
            setF({ ...productFormValues(undefined, storeCurrency), kind: f.kind });
            setSeats(seatFormValues());
            setTtl(certificateDaysText());
          },
        },
      );
  };
  const creating = !product;
  const saving = creating ? create : update;
  return (
    <form className="kc-form" onSubmit={submit} aria-label={product ? `Edit ${product.name}` : "New product"}>
      <div className="kc-row">
        {creating ? (
          <Field label="Kind">
            <select name="kind" value={f.kind} onChange={set("kind")}>
              {CatalogProductKind.options.map((k) => (
                <option key={k} value={k}>
                  {kindLabel[k]}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        <Field label="Name">
          <input name="name" required value={f.name} onChange={set("name")} />
        </Field>
        <Field label="Version">
          <input name="version" value={f.version} onChange={set("version")} />
        </Field>
        {creating && f.kind === "addon" && software.length ? (
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
          <input
            name="currency"
            maxLength={3}
            placeholder={storeCurrency}
            value={f.currency}
            onChange={set("currency")}
          />
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
            {durationUnits.map((u) => (
              <option key={u}>{u}</option>
            ))}
          </select>
        </Field>
      </div>
      <div className="kc-row">
        <Field label="Binding">
          <select name="bindingKind" value={f.bindingKind} onChange={set("bindingKind")}>
            {bindingKinds.map((b) => (
              <option key={b} value={b}>
                {bindingLabel[b]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Seats">
          <input name="maxSeats" inputMode="numeric" value={f.maxSeats} onChange={set("maxSeats")} />
        </Field>
        {creating ? <KeyFormatFields f={f} set={set} /> : null}
      </div>
      <SeatFields f={seats} set={(patch) => setSeats({ ...seats, ...patch })} />
      <PolicyFields f={f} set={(patch) => setF({ ...f, ...patch })} />
      <div className="kc-row">
        <Field
          label="When refunded"
          hint="What a refund does to the order's licenses unless it says otherwise"
        >
          <select name="onRefund" value={f.onRefund} onChange={set("onRefund")}>
            {(["", ...refundActions] as const).map((a) => (
              <option key={a} value={a}>
                {onRefundLabel[a]}
              </option>
            ))}
          </select>
        </Field>
        <CertificateLifetimeField value={ttl} set={setTtl} />
      </div>
      {creating ? null : (
        <small className="kc-muted">
          Price, validity, binding and seats apply to new licenses. “After expiry” and the grace period apply
          to every license of this product; when the term starts, to licenses sold from now on; “When
          refunded”, to refunds from now on; the certificate lifetime, to certificates issued from now on.
        </small>
      )}
      <ErrorNote error={invalid ? { message: invalid } : saving.error} />
      <button type="submit" disabled={saving.isPending}>
        {creating ? "Create product" : "Save changes"}
      </button>
    </form>
  );
}

function KeyFormatFields({
  f,
  set,
}: {
  f: ProductFormValues;
  set: <K extends keyof ProductFormValues>(k: K) => (e: { target: { value: string } }) => void;
}) {
  return (
    <>
      <Field label="Key prefix">
        <input name="prefix" maxLength={8} value={f.prefix} onChange={set("prefix")} />
      </Field>
      <Field label="Separator">
        <select name="separator" value={f.separator} onChange={set("separator")}>
          {KEY_SEPARATORS.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </Field>
      <Field label="Groups">
        <input name="groups" inputMode="numeric" value={f.groups} onChange={set("groups")} />
      </Field>
      <Field label="Group length">
        <input name="groupLength" inputMode="numeric" value={f.groupLength} onChange={set("groupLength")} />
      </Field>
    </>
  );
}
