import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, tstz, updatedAt, vendorId } from "./columns";

export const vendors = pgTable(
  "vendors",
  {
    id: id("ven"),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    /** JFramework's `Brand-URL` header identifies the vendor. */
    brandUrl: text("brand_url"),
    timezone: text("timezone").notNull().default("UTC"),
    currency: text("currency").notNull().default("USD"),
    /** Where customers write back: the reply-to of every customer message. */
    supportEmail: text("support_email"),
    /** Customer messages' accent colour (`#rrggbb`) and logo (an https URL), in the HTML part. */
    brandColor: text("brand_color"),
    brandLogoUrl: text("brand_logo_url"),
    /** A customer with both an email address and a phone gets each message on both. */
    messagesToBoth: boolean("messages_to_both").notNull().default(false),
    /** Gateway credentials (UPI Gateway key, PayPal client), encrypted JSON. */
    gatewayConfigEncrypted: text("gateway_config_encrypted"),
    defaultGateway: text("default_gateway").notNull().default("sandbox"),
    /** Remind customers before a license expires (email, or SMS for phone-only customers). */
    remindersEnabled: boolean("reminders_enabled").notNull().default(true),
    /** Days before expiry the reminders go out (`license.expiring_soon`), largest first. */
    reminderOffsetsDays: integer("reminder_offsets_days").array().notNull().default(sql`'{7,1}'::integer[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("vendors_slug_key").on(t.slug),
    uniqueIndex("vendors_brand_url_key").on(t.brandUrl),
    check("vendors_slug_format", sql`${t.slug} ~ '^[a-z0-9][a-z0-9-]{0,62}$'`),
    check("vendors_brand_color", sql`${t.brandColor} is null or ${t.brandColor} ~ '^#[0-9a-fA-F]{6}$'`),
  ],
);

export type SigningKeyStatus = "active" | "rotated" | "retired" | "revoked";

/**
 * Each vendor's Ed25519 key pairs: one `active` key signs certificates and verification answers;
 * `rotated` keys no longer sign but still verify until `retired`; a `revoked` key verifies nothing.
 * `id` is the key's `kid`, its RFC 7638 JWK thumbprint. The public key is raw 32 bytes as
 * base64url; the private key PKCS#8 DER (base64) sealed with the server's SecretBox.
 */
export const signingKeys = pgTable(
  "signing_keys",
  {
    id: text("id").primaryKey(),
    vendorId: vendorId().references(() => vendors.id),
    algorithm: text("algorithm").notNull().default("Ed25519"),
    publicKey: text("public_key").notNull(),
    privateKeyEncrypted: text("private_key_encrypted").notNull(),
    status: text("status").$type<SigningKeyStatus>().notNull().default("active"),
    createdAt: createdAt(),
    rotatedAt: tstz("rotated_at"),
    retiredAt: tstz("retired_at"),
    revokedAt: tstz("revoked_at"),
  },
  (t) => [
    uniqueIndex("signing_keys_one_active").on(t.vendorId).where(sql`${t.status} = 'active'`),
    index("signing_keys_vendor_idx").on(t.vendorId, t.createdAt),
    check("signing_keys_status", sql`${t.status} in ('active','rotated','retired','revoked')`),
  ],
);

export const vendorUsers = pgTable(
  "vendor_users",
  {
    id: id("usr"),
    vendorId: vendorId().references(() => vendors.id),
    email: text("email").notNull(),
    name: text("name"),
    /** argon2id */
    passwordHash: text("password_hash").notNull(),
    role: text("role").$type<"owner" | "member">().notNull().default("member"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("vendor_users_email_key").on(t.email),
    index("vendor_users_vendor_idx").on(t.vendorId),
    check("vendor_users_role", sql`${t.role} in ('owner','member')`),
  ],
);

/**
 * API credentials. Only the SHA-256 of the secret is stored; the secret is shown once.
 * One credential answers every surface: `Authorization: Bearer <secret>`,
 * Biznoq `x-api-key` + `x-api-secret`, JFramework `Brand-URL` + `Auth-Key` (= secret).
 */
export const apiCredentials = pgTable(
  "api_credentials",
  {
    id: id("cred"),
    vendorId: vendorId().references(() => vendors.id),
    name: text("name").notNull(),
    /** Public half (`x-api-key`), e.g. `biz_…`. */
    key: text("key").notNull(),
    secretHash: text("secret_hash").notNull(),
    /** Last four characters of the secret, to recognise it in a list. */
    secretHint: text("secret_hint").notNull(),
    lastUsedAt: tstz("last_used_at"),
    revokedAt: tstz("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("api_credentials_key_key").on(t.key),
    uniqueIndex("api_credentials_secret_hash_key").on(t.secretHash),
    index("api_credentials_vendor_idx").on(t.vendorId),
  ],
);

/** Browser sessions for vendor staff and customers; the token is stored hashed. */
export const sessions = pgTable(
  "sessions",
  {
    id: id("ses"),
    tokenHash: text("token_hash").notNull(),
    kind: text("kind").$type<"vendor_user" | "customer">().notNull(),
    vendorId: vendorId().references(() => vendors.id),
    vendorUserId: text("vendor_user_id"),
    customerId: text("customer_id"),
    csrfToken: text("csrf_token").notNull(),
    expiresAt: tstz("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("sessions_token_hash_key").on(t.tokenHash),
    index("sessions_vendor_user_idx").on(t.vendorUserId),
    index("sessions_customer_idx").on(t.customerId),
  ],
);

/** One-time sign-in codes for customers (hashed, single use, expiring). */
export const loginCodes = pgTable(
  "login_codes",
  {
    id: id("otp"),
    vendorId: vendorId().references(() => vendors.id),
    /** Normalised email or phone. */
    destination: text("destination").notNull(),
    codeHash: text("code_hash").notNull(),
    attempts: integer("attempts").notNull().default(0),
    expiresAt: tstz("expires_at").notNull(),
    usedAt: tstz("used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("login_codes_destination_idx").on(t.vendorId, t.destination, t.createdAt)],
);
