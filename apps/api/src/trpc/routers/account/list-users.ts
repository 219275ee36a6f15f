import { listVendorUsers } from "@keyway/core";
import { NoInput, VendorUserList } from "@keyway/schema";
import { ownerOrCredentialProcedure } from "../../procedures";

export const listUsersProcedure = ownerOrCredentialProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/team/users",
      tags: ["team"],
      summary: "List the team's console users",
      description: "Oldest first. An API credential or an owner's session; a member's session is refused.",
      errorResponses: {
        401: "Missing or invalid API credentials",
        403: "A member's console session: only an owner (or an API credential) sees the team",
      },
    },
  })
  .input(NoInput)
  .output(VendorUserList)
  .query(({ ctx }) => listVendorUsers(ctx.db, { vendorId: ctx.vendor.vendorId }));
