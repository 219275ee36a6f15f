import type { ProductImageType } from "@keyway/schema";

export interface ImageDimensions {
  width: number;
  height: number;
}

/**
 * A picture's size in pixels, read from its header only (PNG's IHDR, JPEG's start-of-frame,
 * WebP's VP8/VP8L/VP8X chunk); null when the header does not say (a damaged file, or bytes cut
 * short). No decoding: a few reads, whatever the picture's size.
 */
export function imageDimensions(type: ProductImageType, bytes: Uint8Array): ImageDimensions | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found =
    type === "image/png" ? pngSize(view) : type === "image/jpeg" ? jpegSize(view) : webpSize(view);
  return found && found.width > 0 && found.height > 0 ? found : null;
}

function pngSize(view: DataView): ImageDimensions | null {
  // Signature (8), then IHDR: length (4), "IHDR" (4), width (4), height (4).
  if (view.byteLength < 24 || view.getUint32(12) !== 0x49484452) return null;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Start-of-frame markers (baseline, progressive, …): FFC0–FFCF but DHT (C4), JPG (C8) and DAC (CC). */
const isStartOfFrame = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

function jpegSize(view: DataView): ImageDimensions | null {
  let at = 2;
  while (at + 9 <= view.byteLength) {
    if (view.getUint8(at) !== 0xff) return null;
    const marker = view.getUint8(at + 1);
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    // Markers without a length: TEM, RSTn.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (isStartOfFrame(marker)) return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    if (marker === 0xd9 || marker === 0xda) return null; // end of image, or scan data before any frame
    at += 2 + view.getUint16(at + 2);
  }
  return null;
}

function webpSize(view: DataView): ImageDimensions | null {
  // "RIFF" size "WEBP", then the first chunk's FourCC at 12 and its data at 20.
  if (view.byteLength < 30) return null;
  const chunk = String.fromCharCode(
    view.getUint8(12),
    view.getUint8(13),
    view.getUint8(14),
    view.getUint8(15),
  );
  const uint24 = (at: number) =>
    view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getUint8(at + 2) << 16);
  if (chunk === "VP8X") return { width: uint24(24) + 1, height: uint24(27) + 1 };
  if (chunk === "VP8 ") {
    // Frame tag (3), start code 9D 01 2A, then 14-bit width and height.
    if (view.getUint8(23) !== 0x9d || view.getUint8(24) !== 0x01 || view.getUint8(25) !== 0x2a) return null;
    return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  }
  if (chunk === "VP8L") {
    if (view.getUint8(20) !== 0x2f || view.byteLength < 25) return null;
    const bits = view.getUint32(21, true);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  return null;
}
