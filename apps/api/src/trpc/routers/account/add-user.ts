import { addVendorUser } from "@keyway/core";
import { AddVendorUserInput, VendorUser } from "@keyway/schema";
import { ownerOrCredentialProcedure } from "../../procedures";

export const addUserProcedure = ownerOrCredentialProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/team/users",
      tags: ["team"],
      summary: "Add a console user",
      description:
        "With an initial password they change after signing in. An API credential adds members only: an owner is added from an owner's console session.",
      errorResponses: {
        400: "Invalid input, or a password too short or too easy to guess",
        401: "Missing or invalid API credentials",
        403: "A member's session, or an API credential adding an owner",
        409: "An account with this email already exists",
      },
    },
  })
  .input(AddVendorUserInput)
  .output(VendorUser)
  .mutation(({ ctx, input }) =>
    addVendorUser(ctx.db, {
      ...input,
      vendorId: ctx.vendor.vendorId,
      production: ctx.config.production,
      actingUserId: ctx.vendor.userId,
    }),
  );
