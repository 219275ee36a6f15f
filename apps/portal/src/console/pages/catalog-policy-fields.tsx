import { ClockStartsAt, type ExpiryPolicy, ExpiryStrategy } from "@keyway/schema";
import { Field } from "../ui";
import { clockLabel, expiryLabel, type PolicyFormValues } from "./catalog-product-input";

/**
 * The expiry policy's three inputs. On a product every field is set; on a plan (`inherit`: its
 * product's policy) each one may say "Same as product".
 */
export function PolicyFields({
  f,
  set,
  inherit,
  prefix = "",
}: {
  f: PolicyFormValues;
  set: (patch: Partial<PolicyFormValues>) => void;
  inherit?: ExpiryPolicy | undefined;
  /** Input names are `${prefix}expiryStrategy`…, unique on a page with several forms. */
  prefix?: string;
}) {
  const same = (label: string) => (inherit ? <option value="">Same as product ({label})</option> : null);
  return (
    <div className="kc-row">
      <Field label="After expiry">
        <select
          name={`${prefix}expiryStrategy`}
          value={f.expiryStrategy}
          onChange={(e) => set({ expiryStrategy: e.target.value as PolicyFormValues["expiryStrategy"] })}
        >
          {same(inherit ? expiryLabel[inherit.expiryStrategy] : "")}
          {ExpiryStrategy.options.map((s) => (
            <option key={s} value={s}>
              {expiryLabel[s]}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="Grace period (days)"
        hint={
          inherit
            ? `Empty = the product's (${inherit.gracePeriodDays})`
            : "Days a license still works once expired"
        }
      >
        <input
          name={`${prefix}gracePeriodDays`}
          inputMode="numeric"
          placeholder={inherit ? String(inherit.gracePeriodDays) : "0"}
          value={f.gracePeriodDays}
          onChange={(e) => set({ gracePeriodDays: e.target.value })}
        />
      </Field>
      <Field label="Term starts">
        <select
          name={`${prefix}clockStartsAt`}
          value={f.clockStartsAt}
          onChange={(e) => set({ clockStartsAt: e.target.value as PolicyFormValues["clockStartsAt"] })}
        >
          {same(inherit ? clockLabel[inherit.clockStartsAt] : "")}
          {ClockStartsAt.options.map((c) => (
            <option key={c} value={c}>
              {clockLabel[c]}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}
