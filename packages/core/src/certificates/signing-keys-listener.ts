import type { DbHandle } from "@keyway/db";
import { forgetVendorSigner, SIGNING_KEYS_CHANNEL } from "./signing-key";

/**
 * Every process that signs keeps its vendors' signers in memory: it listens on
 * `keyway_signing_keys` (payload: the vendor id, sent at the commit of any change to a vendor's
 * keys) and forgets that vendor's signer. A (re)connection forgets them all, since messages sent
 * while the connection was down are lost. Returns the unlisten function.
 */
export function listenForSigningKeyChanges(handle: Pick<DbHandle, "listen">): Promise<() => Promise<void>> {
  return handle.listen(
    SIGNING_KEYS_CHANNEL,
    (vendorId) => forgetVendorSigner(vendorId || undefined),
    () => forgetVendorSigner(),
  );
}
