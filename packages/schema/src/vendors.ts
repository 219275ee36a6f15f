import { z } from "zod";
import { ConfigurableGateway, GatewayName } from "./gateways";
import { ReminderOffsetsDays } from "./lifecycle";
import { RecordId, singleLine } from "./primitives";
import { isReservedSlug, RESERVED_SLUG_MESSAGE } from "./reserved-slugs";

/** Contracts of vendor accounts, API credentials and vendor settings (console + typed client). */

const isoDate = z.iso.datetime({ offset: true }).meta({ example: "2026-05-29T13:17:32.000Z" });

export const VendorRole = z.enum(["owner", "member"]);
export type VendorRole = z.infer<typeof VendorRole>;

export const Email = z.string().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(254));
/** Strength is judged in core (production refuses weak ones); here only bounds. */
export const Password = z.string().min(1).max(256);
export const VendorSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "Use lowercase letters, digits and dashes.")
  .refine((slug) => !isReservedSlug(slug), RESERVED_SLUG_MESSAGE);

/** A vendor's public slug as given (looked up, not checked for shape: an unknown one is a 404). */
export const VendorSlugText = singleLine(z.string().min(1).max(63));
export const VendorSlugInput = z.object({ vendorSlug: VendorSlugText });

const VendorName = singleLine(z.string().trim().min(1).max(120));
const PersonName = singleLine(z.string().trim().max(120));
const Timezone = singleLine(z.string().max(64));
const Currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/, "Use a three-letter currency code.")
  .toUpperCase();

export const SignUpInput = z.object({
  vendorName: VendorName,
  slug: VendorSlug.optional(),
  email: Email,
  password: Password,
  name: PersonName.optional(),
  timezone: Timezone.optional(),
  currency: Currency.optional(),
});
export type SignUpInput = z.infer<typeof SignUpInput>;

export const SignInInput = z.object({ email: Email, password: Password });

export const VendorUser = z.object({
  id: z.string().meta({ example: "usr_3m8q1x6k9w2v5c7n4b0z" }),
  email: z.string().meta({ example: "dev@example.com" }),
  name: z.string().nullable().meta({ example: "Asha Rao" }),
  role: VendorRole,
  createdAt: isoDate,
});
export type VendorUser = z.infer<typeof VendorUser>;
export const VendorUserList = z.array(VendorUser);

export const VendorSummary = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  timezone: z.string(),
  currency: z.string(),
});

export const AccountSession = z.object({
  user: VendorUser,
  vendor: VendorSummary,
  /** Send back in `x-csrf-token` on every console mutation. */
  csrfToken: z.string(),
  expiresAt: isoDate,
});
export type AccountSession = z.infer<typeof AccountSession>;

export const AddVendorUserInput = z.object({
  email: Email.meta({ example: "dev@example.com" }),
  password: Password.meta({ example: "a-long-and-unguessable-passphrase" }),
  name: PersonName.optional().meta({ example: "Asha Rao" }),
  role: VendorRole.default("member"),
});

export const VendorUserIdInput = z.object({ userId: RecordId.meta({ example: "usr_3m8q1x6k9w2v5c7n4b0z" }) });

export const VendorUserRemoved = z.object({ removed: z.literal(true) });

export const ChangePasswordInput = z.object({ currentPassword: Password, newPassword: Password });
/** Every session ended and this browser signed in afresh: its new CSRF token. */
export const PasswordChanged = z.object({ csrfToken: z.string() });
export const SessionsEnded = z.object({ sessionsEnded: z.number().int() });

// --- API credentials -------------------------------------------------------------------------

export const ApiCredential = z
  .object({
    id: z.string(),
    name: z.string(),
    /** Public half: Biznoq `x-api-key`. */
    key: z.string(),
    /** Last four characters of the secret. */
    secretHint: z.string(),
    lastUsedAt: isoDate.nullable(),
    revokedAt: isoDate.nullable(),
    createdAt: isoDate,
  })
  .meta({ id: "ApiCredential" });
export type ApiCredential = z.infer<typeof ApiCredential>;
export const ApiCredentialList = z.array(ApiCredential);

/** Returned once, at creation or rotation: the secret is never shown again. */
export const IssuedApiCredential = z
  .object({ credential: ApiCredential, secret: z.string() })
  .meta({ id: "IssuedApiCredential" });
export type IssuedApiCredential = z.infer<typeof IssuedApiCredential>;

export const CreateApiCredentialInput = z.object({ name: VendorName });
export const CredentialIdInput = z.object({ credentialId: RecordId });
export const RenameApiCredentialInput = z.object({ credentialId: RecordId, name: VendorName });

// --- Settings --------------------------------------------------------------------------------

export const VendorSettings = z
  .object({
    id: z.string().meta({ example: "ven_ze6521cfdr9vefagx457" }),
    slug: z.string().meta({ example: "demo" }),
    name: z.string().meta({ example: "Biznoq Demo Store" }),
    brandUrl: z.string().nullable().meta({ example: "https://store.example.com" }),
    timezone: z.string().meta({ example: "Asia/Kolkata" }),
    currency: z.string().meta({ example: "INR" }),
    defaultGateway: GatewayName,
    /** Which gateways have credentials stored (the credentials themselves are never shown). */
    gateways: z.object({ upigateway: z.boolean(), paypal: z.boolean(), stripe: z.boolean() }),
    /** Ed25519 public key for license certificates (base64url), once generated. */
    signingPublicKey: z.string().nullable().meta({ example: "i4hiP9BFr9l8aKswOix0ndGW3BkkgpcXHZJLi5yUhu4" }),
    /** Remind customers before a license expires (email, or SMS for phone-only customers). */
    remindersEnabled: z.boolean(),
    /** Days before expiry the reminders go out, largest first. */
    reminderOffsetsDays: z.array(z.number().int()).meta({ example: [7, 1] }),
    /** Where customers' replies to messages go (reply-to); null: no reply-to. */
    supportEmail: z.string().nullable().meta({ example: "support@example.com" }),
    /** The accent colour of HTML messages (`#rrggbb`). */
    brandColor: z.string().nullable().meta({ example: "#2f6feb" }),
    /** The logo at the top of HTML messages (https). */
    brandLogoUrl: z.string().nullable().meta({ example: "https://store.example.com/logo.png" }),
    /** Customers with both an email address and a phone get messages on both. */
    messagesToBoth: z.boolean(),
  })
  .meta({ id: "VendorSettings" });
export type VendorSettings = z.infer<typeof VendorSettings>;

export const UpdateVendorSettingsInput = z.object({
  name: VendorName.optional().meta({ example: "Biznoq Demo Store" }),
  brandUrl: singleLine(z.string().trim().min(1).max(300))
    .nullable()
    .optional()
    .meta({ example: "https://store.example.com" }),
  timezone: Timezone.optional().meta({ example: "Asia/Kolkata" }),
  currency: Currency.optional().meta({ example: "INR" }),
  defaultGateway: GatewayName.optional(),
  remindersEnabled: z.boolean().optional(),
  reminderOffsetsDays: ReminderOffsetsDays.optional(),
  supportEmail: Email.nullable().optional().meta({ example: "support@example.com" }),
  brandColor: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #2f6feb.")
    .nullable()
    .optional()
    .meta({ example: "#2f6feb" }),
  brandLogoUrl: singleLine(z.string().trim().max(500))
    .refine((url) => /^https:\/\/[^\s/]+/.test(url), "Use an https:// address for the logo.")
    .nullable()
    .optional()
    .meta({ example: "https://store.example.com/logo.png" }),
  messagesToBoth: z.boolean().optional(),
});
export type UpdateVendorSettingsInput = z.infer<typeof UpdateVendorSettingsInput>;

/** Stored encrypted, but sent in headers and bodies to the gateway: one line. */
const GatewaySecret = singleLine(z.string().trim().min(1).max(500));

export const GatewayCredentialsInput = z.discriminatedUnion("gateway", [
  z.object({ gateway: z.literal("upigateway"), key: GatewaySecret }),
  z.object({
    gateway: z.literal("paypal"),
    clientId: GatewaySecret,
    clientSecret: GatewaySecret,
    webhookId: singleLine(z.string().trim().max(200)).optional(),
  }),
  z.object({
    gateway: z.literal("stripe"),
    /** `sk_live_…` / `sk_test_…` (or a restricted `rk_…` key with Checkout and Refunds). */
    secretKey: GatewaySecret,
    /** The endpoint's signing secret (`whsec_…`); without it Stripe webhooks are not accepted. */
    webhookSecret: singleLine(z.string().trim().max(200)).optional(),
  }),
]);
export type GatewayCredentialsInput = z.infer<typeof GatewayCredentialsInput>;

export const ClearGatewayCredentialsInput = z.object({ gateway: ConfigurableGateway });
