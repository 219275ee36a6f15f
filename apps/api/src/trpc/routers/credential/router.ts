import type { TRPCRouterRecord } from "@trpc/server";
import { createCredentialProcedure } from "./create-credential";
import { listCredentialsProcedure } from "./list-credentials";
import { renameCredentialProcedure } from "./rename-credential";
import { revokeCredentialProcedure } from "./revoke-credential";
import { rotateCredentialProcedure } from "./rotate-credential";

/** API credentials: console owners only (an API key never mints another). */
export const credentialRouter = {
  list: listCredentialsProcedure,
  create: createCredentialProcedure,
  rename: renameCredentialProcedure,
  revoke: revokeCredentialProcedure,
  rotate: rotateCredentialProcedure,
} satisfies TRPCRouterRecord;
