import { and, type Database, type Executor, eq, signingKeys, vendors } from "@keyway/db";
import {
  type ConfigurableGateway,
  type GatewayCredentialsInput,
  ReminderOffsetsDays,
  type UpdateVendorSettingsInput,
  type VendorSettings,
} from "@keyway/schema";
import { type GatewayCredentials, openGatewayCredentials } from "../commerce/gateways/accounts";
import { DomainError } from "../shared/errors";
import type { SecretBox } from "../shared/secrets";
import { isUniqueViolation } from "../shared/unique-violation";
import { assertTimezone } from "./sign-up";

type VendorRow = typeof vendors.$inferSelect;

function view(v: VendorRow, gateways: GatewayCredentials, signingPublicKey: string | null): VendorSettings {
  return {
    id: v.id,
    slug: v.slug,
    name: v.name,
    brandUrl: v.brandUrl,
    timezone: v.timezone,
    currency: v.currency,
    defaultGateway: v.defaultGateway as VendorSettings["defaultGateway"],
    gateways: {
      upigateway: Boolean(gateways.upigateway),
      paypal: Boolean(gateways.paypal),
      stripe: Boolean(gateways.stripe),
    },
    signingPublicKey,
    remindersEnabled: v.remindersEnabled,
    reminderOffsetsDays: v.reminderOffsetsDays,
    supportEmail: v.supportEmail,
    brandColor: v.brandColor,
    brandLogoUrl: v.brandLogoUrl,
    messagesToBoth: v.messagesToBoth,
  };
}

/** The public half of the vendor's active signing key (null until its first certificate). */
async function activePublicKey(db: Executor, vendorId: string): Promise<string | null> {
  const [key] = await db
    .select({ publicKey: signingKeys.publicKey })
    .from(signingKeys)
    .where(and(eq(signingKeys.vendorId, vendorId), eq(signingKeys.status, "active")));
  return key?.publicKey ?? null;
}

async function vendorRow(db: Database, vendorId: string): Promise<VendorRow> {
  const [v] = await db.select().from(vendors).where(eq(vendors.id, vendorId));
  if (!v) throw new DomainError("not_found", "Vendor not found.");
  return v;
}

const openGateways = openGatewayCredentials;

export async function getVendorSettings(
  db: Database,
  params: { vendorId: string; secrets: SecretBox },
): Promise<VendorSettings> {
  const v = await vendorRow(db, params.vendorId);
  return view(v, openGateways(params.secrets, v.gatewayConfigEncrypted), await activePublicKey(db, v.id));
}

export async function updateVendorSettings(
  db: Database,
  params: UpdateVendorSettingsInput & { vendorId: string; secrets: SecretBox },
): Promise<VendorSettings> {
  assertTimezone(params.timezone);
  if (params.reminderOffsetsDays !== undefined) {
    const offsets = ReminderOffsetsDays.safeParse(params.reminderOffsetsDays);
    if (!offsets.success) {
      throw new DomainError("invalid_input", "Reminder offsets are 1 to 90 days, at most 5, each once.", {
        field: "reminderOffsetsDays",
      });
    }
  }
  assertBranding(params);
  const current = await vendorRow(db, params.vendorId);
  const gateways = openGateways(params.secrets, current.gatewayConfigEncrypted);
  if (params.defaultGateway && params.defaultGateway !== "sandbox" && !gateways[params.defaultGateway]) {
    throw new DomainError("invalid_input", "Store this gateway's credentials before making it the default.", {
      field: "defaultGateway",
    });
  }
  const brandUrl =
    params.brandUrl === undefined
      ? undefined
      : params.brandUrl === null
        ? null
        : params.brandUrl.replace(/\/+$/, "");
  const changes = {
    ...(params.name !== undefined ? { name: params.name } : {}),
    ...(brandUrl !== undefined ? { brandUrl } : {}),
    ...(params.timezone !== undefined ? { timezone: params.timezone } : {}),
    ...(params.currency !== undefined ? { currency: params.currency } : {}),
    ...(params.defaultGateway !== undefined ? { defaultGateway: params.defaultGateway } : {}),
    ...(params.remindersEnabled !== undefined ? { remindersEnabled: params.remindersEnabled } : {}),
    // Largest first, as the scheduler reads them (the input is checked: 1–90 days, each once).
    ...(params.reminderOffsetsDays !== undefined
      ? { reminderOffsetsDays: [...params.reminderOffsetsDays].sort((a, b) => b - a) }
      : {}),
    ...(params.supportEmail !== undefined ? { supportEmail: params.supportEmail } : {}),
    ...(params.brandColor !== undefined ? { brandColor: params.brandColor?.toLowerCase() ?? null } : {}),
    ...(params.brandLogoUrl !== undefined ? { brandLogoUrl: params.brandLogoUrl } : {}),
    ...(params.messagesToBoth !== undefined ? { messagesToBoth: params.messagesToBoth } : {}),
  };
  // Nothing to change is no change (an UPDATE with no columns is not SQL).
  if (Object.keys(changes).length === 0)
    return view(current, gateways, await activePublicKey(db, current.id));
  try {
    const [v] = await db.update(vendors).set(changes).where(eq(vendors.id, params.vendorId)).returning();
    if (!v) throw new DomainError("not_found", "Vendor not found.");
    return view(v, gateways, await activePublicKey(db, v.id));
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new DomainError("conflict", "Another vendor already uses this brand URL.", { field: "brandUrl" });
    }
    throw e;
  }
}

/** Stores one gateway's credentials, sealed with the server key; they are never shown again. */
export async function setGatewayCredentials(
  db: Database,
  params: { vendorId: string; secrets: SecretBox; credentials: GatewayCredentialsInput },
): Promise<VendorSettings> {
  return db.transaction(async (tx) => {
    const [v] = await tx.select().from(vendors).where(eq(vendors.id, params.vendorId)).for("update");
    if (!v) throw new DomainError("not_found", "Vendor not found.");
    const gateways = openGateways(params.secrets, v.gatewayConfigEncrypted);
    const c = params.credentials;
    if (c.gateway === "upigateway") gateways.upigateway = { key: c.key };
    else if (c.gateway === "paypal")
      gateways.paypal = { clientId: c.clientId, clientSecret: c.clientSecret, webhookId: c.webhookId };
    else gateways.stripe = { secretKey: c.secretKey, webhookSecret: c.webhookSecret };
    const [updated] = await tx
      .update(vendors)
      .set({ gatewayConfigEncrypted: params.secrets.seal(JSON.stringify(gateways)) })
      .where(eq(vendors.id, v.id))
      .returning();
    if (!updated) throw new DomainError("not_found", "Vendor not found.");
    return view(updated, gateways, await activePublicKey(tx, updated.id));
  });
}

export async function clearGatewayCredentials(
  db: Database,
  params: { vendorId: string; secrets: SecretBox; gateway: ConfigurableGateway },
): Promise<VendorSettings> {
  return db.transaction(async (tx) => {
    const [v] = await tx.select().from(vendors).where(eq(vendors.id, params.vendorId)).for("update");
    if (!v) throw new DomainError("not_found", "Vendor not found.");
    const gateways = openGateways(params.secrets, v.gatewayConfigEncrypted);
    delete gateways[params.gateway];
    const [updated] = await tx
      .update(vendors)
      .set({
        gatewayConfigEncrypted: Object.keys(gateways).length
          ? params.secrets.seal(JSON.stringify(gateways))
          : null,
        ...(v.defaultGateway === params.gateway ? { defaultGateway: "sandbox" } : {}),
      })
      .where(eq(vendors.id, v.id))
      .returning();
    if (!updated) throw new DomainError("not_found", "Vendor not found.");
    return view(updated, gateways, await activePublicKey(tx, updated.id));
  });
}

/** Core is called without zod too (tests, scripts): the logo is https and the colour `#rrggbb`. */
function assertBranding(params: { brandColor?: string | null; brandLogoUrl?: string | null }): void {
  if (params.brandColor && !/^#[0-9a-fA-F]{6}$/.test(params.brandColor)) {
    throw new DomainError("invalid_input", "Use a colour like #2f6feb.", { field: "brandColor" });
  }
  if (params.brandLogoUrl && !/^https:\/\/[^\s/]+/.test(params.brandLogoUrl)) {
    throw new DomainError("invalid_input", "Use an https:// address for the logo.", {
      field: "brandLogoUrl",
    });
  }
}
