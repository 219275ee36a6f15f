import type { TRPCRouterRecord } from "@trpc/server";
import { listSigningKeysProcedure } from "./list-signing-keys";
import { retireSigningKeyProcedure } from "./retire-signing-key";
import { revokeSigningKeyProcedure } from "./revoke-signing-key";
import { rotateSigningKeyProcedure } from "./rotate-signing-key";

/** The vendor's Ed25519 signing keys: the public list, and an owner's rotate / retire / revoke. */
export const signingKeyRouter = {
  list: listSigningKeysProcedure,
  rotate: rotateSigningKeyProcedure,
  retire: retireSigningKeyProcedure,
  revoke: revokeSigningKeyProcedure,
} satisfies TRPCRouterRecord;
