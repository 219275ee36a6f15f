import type { TRPCRouterRecord } from "@trpc/server";
import { cancelSubscriptionProcedure } from "./cancel-subscription";
import { getCertificate } from "./get-certificate";
import { getMe } from "./get-me";
import { listLicenseEventsProcedure } from "./list-license-events";
import { listLicensesProcedure } from "./list-licenses";
import { listOrdersProcedure } from "./list-orders";
import { listSubscriptions } from "./list-subscriptions";
import { reissueLicenseKeyProcedure } from "./reissue-license-key";
import { releaseActivationProcedure } from "./release-activation";
import { requestCode } from "./request-code";
import { resumeSubscriptionProcedure } from "./resume-subscription";
import { signOut } from "./sign-out";
import { verifyCode } from "./verify-code";

/** The portal customer: one-time-code sign-in and their own licenses, orders and subscriptions. */
export const customerRouter = {
  requestCode,
  verifyCode,
  signOut,
  me: getMe,
  licenses: listLicensesProcedure,
  licenseEvents: listLicenseEventsProcedure,
  certificate: getCertificate,
  releaseActivation: releaseActivationProcedure,
  reissueLicenseKey: reissueLicenseKeyProcedure,
  orders: listOrdersProcedure,
  subscriptions: listSubscriptions,
  cancelSubscription: cancelSubscriptionProcedure,
  resumeSubscription: resumeSubscriptionProcedure,
} satisfies TRPCRouterRecord;
