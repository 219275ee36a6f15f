import type { TRPCRouterRecord } from "@trpc/server";
import { activateLicenseProcedure } from "./activate-license";
import { activateOfflineProcedure } from "./activate-offline";
import { deactivateLicenseProcedure } from "./deactivate-license";
import { extendLicenseProcedure } from "./extend-license";
import { getLicenseProcedure } from "./get-license";
import { getSigningKeyProcedure } from "./get-signing-key";
import { heartbeatLicenseProcedure } from "./heartbeat-license";
import { importLicensesProcedure } from "./import-licenses";
import { issueCertificateProcedure } from "./issue-certificate";
import { licenseTimelineProcedure } from "./license-timeline";
import { listLicenseEventsProcedure } from "./list-license-events";
import { listLicenseSeatsProcedure } from "./list-license-seats";
import { listLicensesProcedure } from "./list-licenses";
import { reinstateLicenseProcedure } from "./reinstate-license";
import { reissueLicenseKeyProcedure } from "./reissue-license-key";
import { releaseActivationProcedure } from "./release-activation";
import { releaseOfflineProcedure } from "./release-offline";
import { renewLicenseProcedure } from "./renew-license";
import { revokeLicenseProcedure } from "./revoke-license";
import { suspendLicenseProcedure } from "./suspend-license";
import { updateLicenseProcedure } from "./update-license";
import { validateLicenseProcedure } from "./validate-license";

export const licenseRouter = {
  validate: validateLicenseProcedure,
  activate: activateLicenseProcedure,
  deactivate: deactivateLicenseProcedure,
  heartbeat: heartbeatLicenseProcedure,
  activateOffline: activateOfflineProcedure,
  releaseOffline: releaseOfflineProcedure,
  get: getLicenseProcedure,
  list: listLicensesProcedure,
  suspend: suspendLicenseProcedure,
  reinstate: reinstateLicenseProcedure,
  revoke: revokeLicenseProcedure,
  renew: renewLicenseProcedure,
  extend: extendLicenseProcedure,
  update: updateLicenseProcedure,
  reissueKey: reissueLicenseKeyProcedure,
  listEvents: listLicenseEventsProcedure,
  timeline: licenseTimelineProcedure,
  releaseActivation: releaseActivationProcedure,
  listSeats: listLicenseSeatsProcedure,
  issueCertificate: issueCertificateProcedure,
  getSigningKey: getSigningKeyProcedure,
  import: importLicensesProcedure,
} satisfies TRPCRouterRecord;
