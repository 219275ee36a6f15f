/**
 * What apps (api, bench) and their tests use of core, each name from the file that holds it.
 * Everything else in core is internal: add a name here when an app needs it.
 */
export {
  type AuthenticatedVendor,
  authenticateCredential,
  type CredentialProof,
} from "./auth/authenticate-credential";
export { createPlan, getPlan, listPlans, setPlanArchived, setPlanPrice, updatePlan } from "./catalog/plans";
export {
  getProductImage,
  productImage,
  removeProductImage,
  setProductImage,
} from "./catalog/product-images";
export {
  createProduct,
  getProduct,
  listProducts,
  setProductArchived,
  updateProduct,
} from "./catalog/products";
export { getStorefront, listStorefrontVendors } from "./catalog/storefront";
export { issueCertificate } from "./certificates/issue-certificate";
export {
  getVendorSigningKey,
  heldVendorSigner,
  type VendorSigner,
  vendorSigner,
} from "./certificates/signing-key";
export {
  listSigningKeys,
  retireSigningKey,
  revokeSigningKey,
  rotateSigningKey,
  trustedVerifyingKeys,
} from "./certificates/signing-keys";
export { listenForSigningKeyChanges } from "./certificates/signing-keys-listener";
export { orderPageUrl, pageAfterPayment } from "./commerce/after-payment";
export { applyPaymentResult } from "./commerce/apply-payment";
export {
  type CreatedOrder,
  type CreateOrderParams,
  createOrder,
  type OrderRequest,
  type OrderSettings,
} from "./commerce/create-order";
export { type MobileNumber, normaliseMobile } from "./commerce/customers";
export { applyProviderEvent, handleGatewayCallback } from "./commerce/gateway-callback";
export {
  type CallbackAccount,
  callbackAccount,
  type GatewayAccounts,
  type GatewayCredentials,
  orderGateway,
  vendorGateways,
} from "./commerce/gateways/accounts";
export { type SandboxPolicy, sandboxMaySettle } from "./commerce/gateways/choose-gateway";
export type {
  CallbackClaim,
  GatewayCallback,
  GatewayRegistry,
  PaymentGateway,
  ProviderEvent,
  RefundOutcome,
  RefundRequest,
} from "./commerce/gateways/gateway";
export { createPayPalGateway } from "./commerce/gateways/paypal";
export { createSandboxGateway, sandboxResult } from "./commerce/gateways/sandbox";
export { createStripeGateway, type StripeConfig } from "./commerce/gateways/stripe";
export { createUpiGateway } from "./commerce/gateways/upigateway";
export { withIdempotency } from "./commerce/idempotency";
export { openOrder } from "./commerce/open-order";
export {
  findOrderByToken,
  findVendorBySlug,
  getCheckoutOrder,
  getOrder,
  getRenewalOptions,
  listOrders,
} from "./commerce/queries";
export { type RefundOrderParams, refundOrder } from "./commerce/refunds/refund-order";
export { listOrderMoneyBack } from "./commerce/refunds/refund-views";
export { cancelSubscription, resumeSubscription } from "./commerce/subscriptions";
export { getVendorOrder } from "./commerce/vendor-order";
export {
  listMyLicenseEvents,
  listMyLicenses,
  listMyOrders,
  listMySubscriptions,
  myLicenseCertificate,
} from "./customers/customer-purchases";
export { getCustomer } from "./customers/get-customer";
export { listCustomers } from "./customers/list-customers";
export {
  CUSTOMER_SESSION_DAYS,
  endCustomerSession,
  requestLoginCode,
  resolveCustomerSession,
  verifyLoginCode,
} from "./customers/sign-in";
export {
  createEntitlement,
  deleteEntitlement,
  getEntitlement,
  listEntitlements,
  updateEntitlement,
} from "./entitlements/entitlement-catalog";
export { entitlementsOf } from "./entitlements/entitlements-of";
export {
  attachEntitlement,
  detachEntitlement,
  entitlementGrantsOf,
  holderCodes,
} from "./entitlements/grant-entitlements";
export { type ActorNames, describeActor, describeEvent, describeWhat } from "./events/describe-event";
export { recordEvent } from "./events/record-event";
export { reinstateLicense, revokeLicense, suspendLicense } from "./licensing/change-license-state";
export { createLicenseByHand } from "./licensing/create-license-by-hand";
export { extendLicense } from "./licensing/extend-license";
export { getLicense, getLicenseByKey } from "./licensing/get-license";
export { type HeartbeatResult, heartbeatSeat } from "./licensing/heartbeat-seat";
export { exportLicenseFile, exportLicenseRows } from "./licensing/import/export-licenses";
export { importLicenses } from "./licensing/import/import-licenses";
export { issueLicense } from "./licensing/issue-license";
export { flushLastVerified } from "./licensing/last-verified";
export type { LicenseSnapshot } from "./licensing/license-snapshot";
export { standingOf, statusUnderPolicy } from "./licensing/license-standing";
export { licenseStatus } from "./licensing/license-status";
export { licenseTimeline } from "./licensing/license-timeline";
export { activationView, licenseSummaryView } from "./licensing/license-views";
export { listLicenseEvents } from "./licensing/list-license-events";
export { listLicenseSeats } from "./licensing/list-license-seats";
export { listLicenses } from "./licensing/list-licenses";
export { formatLocalDate, formatLocalDateTime } from "./licensing/local-time";
export { activateOffline, releaseOffline } from "./licensing/offline-activation";
export {
  encodeActivationRequest,
  encodeReleaseCode,
  offlineCodeKey,
  parseActivationRequest,
  parseReleaseCode,
} from "./licensing/offline-codes";
export { reissueLicenseKey } from "./licensing/reissue-license-key";
export { releaseActivation } from "./licensing/release-activation";
export { renewLicense } from "./licensing/renew-license";
export { renewVendorLicense } from "./licensing/renew-vendor-license";
export { searchLicenses } from "./licensing/search-licenses";
export { activateSeat, deactivateSeat } from "./licensing/seat-verification";
export { updateLicense } from "./licensing/update-license";
export { VerificationCache } from "./licensing/verification-cache";
export { primeVerificationCache } from "./licensing/verification-cache-priming";
export {
  snapshotByKey,
  stopUsingVerificationCache,
  useVerificationCache,
  verificationCacheOf,
} from "./licensing/verification-cache-reads";
export { type VerificationOutcome, validateLicense, verifyLicense } from "./licensing/verify-license";
export {
  createScheduler,
  runScheduler,
  SCHEDULER_DUTY_CYCLE,
  type Scheduler,
  type SchedulerOptions,
  type SchedulerRun,
  WORKER_BATCH_SIZE,
} from "./lifecycle/scheduler";
export {
  type DeliveredCounts,
  deliverDueMessages,
  MAX_MESSAGE_ATTEMPTS,
  messageRetryDelayMs,
} from "./messages/deliver-messages";
export {
  type CustomerMessageView,
  listCustomerMessagePage,
  listCustomerMessages,
} from "./messages/list-messages";
export { loadMessageTemplates, type VendorMessageTemplate } from "./messages/load-templates";
export {
  listMessageTemplates,
  type MessagePreview,
  type MessageTemplateView,
  previewMessageTemplate,
  saveMessageTemplate,
} from "./messages/message-templates";
export { createMessageWorker, type MessageWorker } from "./messages/message-worker";
export { type QueueCustomerMessageParams, queueCustomerMessage } from "./messages/queue-message";
export { resendPurchaseMessage } from "./messages/resend-purchase";
export { MESSAGE_KINDS, REMINDER_KINDS, TRANSACTIONAL_KINDS } from "./messages/template-kinds";
export { maskDestination, renderCustomerMessage, SMS_MAX_LENGTH } from "./messages/templates";
export {
  customerOfUnsubscribeToken,
  type MessageLinks,
  messageLinksOf,
  unsubscribeReminders,
  unsubscribeToken,
  unsubscribeUrl,
} from "./messages/unsubscribe";
export {
  createNotifier,
  type EmailMessage,
  type MailboxEntry,
  type MessageSender,
  type Notification,
  type Notifier,
} from "./notify/notifier";
export { MessageSendError, type SmsProvider, toE164 } from "./notify/sms";
export { createTwilioSms } from "./notify/twilio-sms";
export { getDashboard } from "./reporting/dashboard";
export { getRecurringRevenue } from "./reporting/recurring-revenue";
export { getRenewals } from "./reporting/renewals";
export { DomainError } from "./shared/errors";
export { createSecretBox, type SecretBox } from "./shared/secrets";
export {
  createApiCredential,
  listApiCredentials,
  renameApiCredential,
  revokeApiCredential,
  rotateApiCredential,
} from "./vendors/credentials";
export { onboardingSteps } from "./vendors/onboarding";
export { hasOwnerRights } from "./vendors/owner-rights";
export {
  accountSessionView,
  createVendorSession,
  endAllVendorSessions,
  endVendorSession,
  resolveVendorSession,
  type VendorSessionContext,
} from "./vendors/sessions";
export {
  clearGatewayCredentials,
  getVendorSettings,
  setGatewayCredentials,
  updateVendorSettings,
} from "./vendors/settings";
export { signInVendorUser } from "./vendors/sign-in";
export {
  createSignInLimiter,
  SIGN_IN_FAILURES_MAX,
  SIGN_IN_WINDOW_MS,
  type SignInLimiter,
  signInAllowance,
  tooManySignIns,
} from "./vendors/sign-in-limiter";
export { signUpVendor } from "./vendors/sign-up";
export { addVendorUser, changeVendorUserPassword, listVendorUsers, removeVendorUser } from "./vendors/users";
export { createWebhookEndpoint } from "./webhooks/create-webhook-endpoint";
export { deleteWebhookEndpoint } from "./webhooks/delete-webhook-endpoint";
export { getWebhookDelivery, listWebhookDeliveries } from "./webhooks/list-webhook-deliveries";
export { getWebhookEndpoint, listWebhookEndpoints } from "./webhooks/list-webhook-endpoints";
export { replayWebhookDelivery } from "./webhooks/replay-webhook-delivery";
export { rotateWebhookSecret } from "./webhooks/rotate-webhook-secret";
export { sendTestWebhook } from "./webhooks/send-test-webhook";
export { updateWebhookEndpoint } from "./webhooks/update-webhook-endpoint";
export type { WebhookEndpointDeps } from "./webhooks/webhook-endpoint-view";
export { createWebhookWorker, type WebhookWorker } from "./webhooks/worker";
