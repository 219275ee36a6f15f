import { formatMoney, type Product } from "@keyway/schema";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc";
import { ProductForm } from "./catalog-product-form";
import { ProductImageField } from "./catalog-product-image";
import { keyExample, kindLabel, policySummary } from "./catalog-product-input";

/** A product in the catalog table: its terms, and edit / archive / restore. */
export function ProductRow({ product: p, storeCurrency }: { product: Product; storeCurrency: string }) {
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
        <td>{policySummary(p)}</td>
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
          <td colSpan={9}>
            <ProductImageField product={p} />
            <ProductForm product={p} storeCurrency={storeCurrency} onSaved={() => setEditing(false)} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
