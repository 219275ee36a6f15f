import {
  PRODUCT_IMAGE_LARGE_SIDE,
  PRODUCT_IMAGE_MAX_BYTES,
  PRODUCT_IMAGE_TYPES,
  type Product,
} from "@keyway/schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ChangeEvent, useId, useRef, useState } from "react";
import { errorMessage } from "../format";
import { ConfirmButton } from "../inline-dialogs";
import { useTRPC } from "../trpc";

/** "1.2 MB", "34 KB": a file's size as a person reads it. */
function sizeInWords(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(Math.ceil((bytes / 1024 / 1024) * 10) / 10).toString()} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** A file as the upload sends it: a `data:` URL (base64), as the browser reads it. */
function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error("This file could not be read: choose it again."));
    reader.readAsDataURL(file);
  });
}

/**
 * A product's picture in the console: choose a file (it is uploaded at once and shown as the
 * store will show it), replace it, or remove it. What a picture may be is core's rule, worded by
 * the server under the control; only the size is checked here first, so that a large file is not
 * sent for nothing.
 */
export function ProductImageField({ product }: { product: Product }) {
  const id = useId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const current = useQuery(trpc.catalog.getProductImage.queryOptions({ productId: product.id }));
  const changed = {
    onSuccess: () =>
      void queryClient.invalidateQueries(trpc.catalog.getProductImage.queryFilter({ productId: product.id })),
  };
  const upload = useMutation(trpc.catalog.setProductImage.mutationOptions(changed));
  const remove = useMutation(trpc.catalog.removeProductImage.mutationOptions(changed));
  const image = current.data?.image ?? null;
  const busy = upload.isPending || remove.isPending;

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setProblem(null);
    upload.reset();
    remove.reset();
    try {
      if (file.size > PRODUCT_IMAGE_MAX_BYTES) {
        setProblem(
          `The picture is ${sizeInWords(file.size)}; a product picture may be at most ${sizeInWords(PRODUCT_IMAGE_MAX_BYTES)}.`,
        );
        return;
      }
      upload.mutate({ productId: product.id, data: await readAsDataUrl(file), filename: file.name });
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      // The same file chosen again after a fix is a new choice.
      if (fileInput.current) fileInput.current.value = "";
    }
  };

  const error =
    problem ??
    (upload.error ? errorMessage(upload.error) : null) ??
    (remove.error ? errorMessage(remove.error) : null);
  const large =
    image?.width && image.height && Math.max(image.width, image.height) > PRODUCT_IMAGE_LARGE_SIDE
      ? `This picture is ${image.width} × ${image.height} px: the store shows it far smaller, so a picture under ${PRODUCT_IMAGE_LARGE_SIDE} px loads faster for buyers.`
      : null;
  return (
    <section className="kc-product-image" aria-labelledby={`${id}-label`}>
      <div className="kc-product-image-preview">
        {image ? (
          <img
            src={image.url}
            alt={product.name}
            width={image.width ?? undefined}
            height={image.height ?? undefined}
          />
        ) : (
          <span className="kc-muted">No picture</span>
        )}
      </div>
      <div className="kc-field">
        <label id={`${id}-label`} htmlFor={`${id}-file`}>
          {image ? "Replace the picture" : "Picture shown in the store"}
        </label>
        <input
          ref={fileInput}
          id={`${id}-file`}
          type="file"
          name="picture"
          accept={PRODUCT_IMAGE_TYPES.join(",")}
          disabled={busy}
          onChange={(e) => void choose(e)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        />
        <small id={`${id}-hint`}>
          PNG, JPEG or WebP, at most {sizeInWords(PRODUCT_IMAGE_MAX_BYTES)}.
          {image
            ? ` Now: ${image.contentType.slice(6).toUpperCase()}, ${sizeInWords(image.byteSize)}${image.width ? `, ${image.width} × ${image.height} px` : ""}.`
            : ""}
        </small>
        {upload.isPending ? <small role="status">Uploading…</small> : null}
        {upload.isSuccess && !busy ? (
          <small role="status">Picture saved: the store shows it now.</small>
        ) : null}
        {remove.isSuccess && !image && !busy ? <small role="status">Picture removed.</small> : null}
        {large ? <small className="kc-warning">{large}</small> : null}
        {error ? (
          <p className="kc-error" id={`${id}-error`} role="alert">
            {error}
          </p>
        ) : null}
      </div>
      {image ? (
        <ConfirmButton
          label="Remove picture"
          message="Remove this picture? The store shows the product without one."
          disabled={busy}
          onConfirm={() => {
            setProblem(null);
            upload.reset();
            remove.mutate({ productId: product.id });
          }}
        />
      ) : null}
    </section>
  );
}
