/**
 * Air-gapped activation, the machine's side (docs/signatures.md §4), in Node and in browsers (no
 * Node APIs): the software shows an activation request, the customer pastes it into the portal,
 * and pastes the certificate it answers back; the software verifies it offline with
 * `verifyCertificateWithKeys(certificate, keys, { fingerprint, nonce })`. To move the seat, the
 * software deletes its certificate and shows `createReleaseCode(certificate)`.
 */

export interface ActivationRequest {
  /** `kwar1.<base64url(JSON)>`: show it as text or as a QR code of the text. */
  request: string;
  /** Keep it: the certificate must carry it (`verifyCertificateWithKeys`'s `nonce`). */
  nonce: string;
  /**
   * The fingerprint as the server binds it (trimmed, lower case): pass this one to
   * `verifyCertificateWithKeys`'s `fingerprint`.
   */
  fingerprint: string;
}

/** A fresh activation request for this machine, with a random 16-byte nonce (base64url). */
export function createActivationRequest(params: {
  key: string;
  fingerprint: string;
  /** A label for the seat, e.g. the machine's name. */
  name?: string;
}): ActivationRequest {
  const nonce = toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
  const fingerprint = params.fingerprint.trim().toLowerCase();
  const payload = {
    v: 1,
    key: params.key.trim(),
    fingerprint,
    nonce,
    ...(params.name?.trim() ? { name: params.name.trim() } : {}),
  };
  return { request: `kwar1.${encodeJson(payload)}`, nonce, fingerprint };
}

/** The release code of a certificate the software has just deleted: `kwrl1.<base64url(JSON)>`. */
export function createReleaseCode(certificate: string): string {
  return `kwrl1.${encodeJson({ v: 1, certificate: certificate.trim() })}`;
}

function encodeJson(value: unknown): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(value)));
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
