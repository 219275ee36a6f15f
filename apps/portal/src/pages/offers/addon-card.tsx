import { formatMoney } from "@keyway/schema";
import { type FormEvent, useId, useState } from "react";
import { validateAddonForm } from "../../app/checkout-form";
import { formatDuration } from "../../app/format";
import { Field } from "../../app/ui";
import { CheckoutSubmit } from "./checkout-parts";
import { ProductPicture } from "./product-picture";
import { type StoreProduct, useCheckout } from "./use-checkout";

/** An add-on, bought for one device (its serial number) by a buyer with a mobile number. */
export function AddonCard({ vendorSlug, product }: { vendorSlug: string; product: StoreProduct }) {
  const id = useId();
  const checkout = useCheckout(vendorSlug, "phone");
  const { contact, setContact, errors } = checkout;
  const [serialNo, setSerialNo] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    checkout.buy(
      { kind: "addon", productNumber: product.number, serialNo: serialNo.trim() },
      validateAddonForm({ serialNo, phone: contact.phone }),
      { phone: contact.phone.trim() },
    );
  };
  return (
    <form ref={checkout.formRef} className="card" onSubmit={submit} noValidate aria-labelledby={`${id}-name`}>
      <ProductPicture name={product.name} imageUrl={product.imageUrl} />
      <h3 id={`${id}-name`}>{product.name}</h3>
      {product.description ? <p className="muted">{product.description}</p> : null}
      {product.price !== null && product.currency ? (
        <p className="price">
          {formatMoney(product.price, product.currency)}{" "}
          <small>for {formatDuration(product.durationValue, product.durationUnit)}</small>
        </p>
      ) : null}
      <Field
        id={`${id}-serial`}
        label="Serial number"
        hint="Printed on your device, e.g. B-12345678."
        error={errors.serialNo}
      >
        <input
          id={`${id}-serial`}
          name="serialNo"
          value={serialNo}
          onChange={(e) => setSerialNo(e.target.value)}
          aria-invalid={errors.serialNo ? true : undefined}
          aria-describedby={`${id}-serial-hint${errors.serialNo ? ` ${id}-serial-error` : ""}`}
          autoComplete="off"
        />
      </Field>
      <Field
        id={`${id}-phone`}
        label="Mobile number"
        hint="10 digits. You sign in with it later."
        error={errors.phone}
      >
        <input
          id={`${id}-phone`}
          name="phone"
          inputMode="numeric"
          autoComplete="tel-national"
          value={contact.phone}
          onChange={(e) => setContact({ phone: e.target.value })}
          aria-invalid={errors.phone ? true : undefined}
          aria-describedby={`${id}-phone-hint${errors.phone ? ` ${id}-phone-error` : ""}`}
        />
      </Field>
      <CheckoutSubmit checkout={checkout} label={`Buy ${product.name}`} />
    </form>
  );
}
