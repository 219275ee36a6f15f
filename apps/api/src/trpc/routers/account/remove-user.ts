import { removeVendorUser } from "@keyway/core";
import { VendorUserIdInput, VendorUserRemoved } from "@keyway/schema";
import { ownerOrCredentialProcedure } from "../../procedures";

export const removeUserProcedure = ownerOrCredentialProcedure
  .meta({
    openapi: {
      method: "DELETE",
      path: "/team/users/{userId}",
      tags: ["team"],
      summary: "Remove a console user",
      description:
        "Ends their sessions. An API credential removes members only: an owner is removed from another owner's console session.",
      errorResponses: {
        401: "Missing or invalid API credentials",
        403: "A member's session, or an API credential removing an owner",
        404: "No such user in this team",
        409: "You cannot remove yourself",
      },
    },
  })
  .input(VendorUserIdInput)
  .output(VendorUserRemoved)
  .mutation(({ ctx, input }) =>
    removeVendorUser(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      userId: input.userId,
      actingUserId: ctx.vendor.userId,
    }),
  );
