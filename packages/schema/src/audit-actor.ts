/**
 * Who did something, as the audit trail writes it (`events.actor`, a license's timeline). Every
 * surface builds its actor here, so one caller reads the same everywhere.
 */
export const AuditActor = {
  /** Keyway itself: expiry, the worker, anything no caller asked for. */
  system: "system",
  /** A verification (validate, activate, deactivate): the license key was the credential. */
  licenseKey: "license-key",
  /** The public portal checkout: no one is signed in. */
  portal: "portal",
  /** A dialect whose caller has no identity of its own (Blenddoit verifies by key alone). */
  dialect: (name: "blenddoit") => name,
  /** A vendor's API credential (native REST, `/trpc`, Biznoq, JFramework). */
  apiCredential: (credentialId: string) => `api:${credentialId}`,
  /** A console user, through their session. */
  user: (userId: string) => `user:${userId}`,
  /** A portal customer, through their session. */
  customer: (customerId: string) => `customer:${customerId}`,
  /** A payment gateway's confirmed callback. */
  gateway: (gateway: string) => `gateway:${gateway}`,
} as const;
