/**
 * A product's picture on its store card: a fixed 16:9 box (the layout does not move when the
 * picture arrives), the whole picture shown within it, loaded only when the card nears the
 * screen. Nothing when the product has none. Served by Keyway, same origin.
 */
export function ProductPicture({ name, imageUrl }: { name: string; imageUrl: string | null }) {
  if (!imageUrl) return null;
  return (
    <div className="product-picture">
      <img src={imageUrl} alt={name} loading="lazy" decoding="async" width={640} height={360} />
    </div>
  );
}
