import type { TRPCRouterRecord } from "@trpc/server";
import { addUserProcedure } from "./add-user";
import { changePasswordProcedure } from "./change-password";
import { getSessionProcedure } from "./get-session";
import { listUsersProcedure } from "./list-users";
import { removeUserProcedure } from "./remove-user";
import { signInProcedure } from "./sign-in";
import { signOutProcedure } from "./sign-out";
import { signOutEverywhereProcedure } from "./sign-out-everywhere";
import { signUpProcedure } from "./sign-up";

/** Vendor accounts: console sign-up/in/out and the vendor's users. Cookie `keyway_console`. */
export const accountRouter = {
  signUp: signUpProcedure,
  signIn: signInProcedure,
  session: getSessionProcedure,
  signOut: signOutProcedure,
  signOutEverywhere: signOutEverywhereProcedure,
  changePassword: changePasswordProcedure,
  listUsers: listUsersProcedure,
  addUser: addUserProcedure,
  removeUser: removeUserProcedure,
} satisfies TRPCRouterRecord;
