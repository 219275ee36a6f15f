import { asc, type Executor, eq, type GatewayAccount, type GatewayName, vendors } from "@keyway/db";
import type { ConfigurableGateway } from "@keyway/schema";
import { DomainError } from "../../shared/errors";
import type { SecretBox } from "../../shared/secrets";
import type { GatewayRegistry, PaymentGateway } from "./gateway";

/** One provider account's credentials per gateway (a vendor's, sealed in `vendors.gateway_config_encrypted`, or the server's). */
export interface GatewayCredentials {
  upigateway?: { key: string };
  paypal?: { clientId: string; clientSecret: string; webhookId?: string | undefined };
  stripe?: { secretKey: string; webhookSecret?: string | undefined };
}

/**
 * Whose money goes where, decided once by the host: every vendor's payments open, are checked
 * and are refunded on the vendor's own provider accounts. The server-wide credentials (from the
 * environment) are the single-vendor default: they serve one vendor only — the one
 * `serverVendorSlug` names, or else the first vendor created — and only for a gateway it has no
 * credentials of its own for. No other vendor's order ever opens on them.
 */
export interface GatewayAccounts {
  /** The built-in pay page (test mode). */
  sandbox: PaymentGateway;
  /** Builds the gateways of one account, at this process's provider URLs. */
  build(credentials: GatewayCredentials): GatewayRegistry;
  server: GatewayCredentials;
  serverVendorSlug?: string | undefined;
  secrets: SecretBox;
}

/** What a vendor row brings to the choice (read with the order's item: no extra round trip). */
export interface VendorAccountRow {
  id: string;
  slug: string;
  gatewayConfigEncrypted: string | null;
}

/** The gateways one vendor takes payments through, and on whose account each one is. */
export interface VendorGateways {
  registry: GatewayRegistry;
  account: Partial<Record<GatewayName, GatewayAccount>>;
}

export function openGatewayCredentials(secrets: SecretBox, sealed: string | null): GatewayCredentials {
  if (!sealed) return {};
  return JSON.parse(secrets.open(sealed)) as GatewayCredentials;
}

// Built gateways keep state worth keeping (PayPal's access token): one per account, rebuilt when
// the sealed credentials change. Bounded, as vendors are many.
const builtByAccounts = new WeakMap<GatewayAccounts, Map<string, GatewayRegistry>>();
const MAX_BUILT = 1000;

function built(
  accounts: GatewayAccounts,
  key: string,
  credentials: () => GatewayCredentials,
): GatewayRegistry {
  let cache = builtByAccounts.get(accounts);
  if (!cache) {
    cache = new Map();
    builtByAccounts.set(accounts, cache);
  }
  let registry = cache.get(key);
  if (!registry) {
    if (cache.size >= MAX_BUILT) cache.clear();
    registry = accounts.build(credentials());
    cache.set(key, registry);
  }
  return registry;
}

const ownerIds = new WeakMap<GatewayAccounts, Promise<string | null>>();

/** The vendor the server-wide accounts belong to (looked up once per process). */
function serverAccountOwner(db: Executor, accounts: GatewayAccounts): Promise<string | null> {
  let owner = ownerIds.get(accounts);
  if (!owner) {
    owner = (async () => {
      const [row] = await db
        .select({ id: vendors.id })
        .from(vendors)
        .where(accounts.serverVendorSlug ? eq(vendors.slug, accounts.serverVendorSlug) : undefined)
        .orderBy(asc(vendors.createdAt), asc(vendors.id))
        .limit(1);
      return row?.id ?? null;
    })();
    // A failed lookup is asked again next time rather than remembered.
    owner.catch(() => ownerIds.delete(accounts));
    ownerIds.set(accounts, owner);
  }
  return owner;
}

function vendorRegistry(accounts: GatewayAccounts, vendor: VendorAccountRow): GatewayRegistry {
  if (!vendor.gatewayConfigEncrypted) return {};
  const sealed = vendor.gatewayConfigEncrypted;
  return built(accounts, `vendor:${vendor.id}:${sealed}`, () =>
    openGatewayCredentials(accounts.secrets, sealed),
  );
}

function serverRegistry(accounts: GatewayAccounts): GatewayRegistry {
  return built(accounts, "server", () => accounts.server);
}

const hasServerCredentials = (accounts: GatewayAccounts) => Object.keys(accounts.server).length > 0;

/** The gateways a vendor's new orders can open on: its own accounts first, the server's where it may use them. */
export async function vendorGateways(
  db: Executor,
  accounts: GatewayAccounts,
  vendor: VendorAccountRow,
): Promise<VendorGateways> {
  const own = vendorRegistry(accounts, vendor);
  const registry: GatewayRegistry = { sandbox: accounts.sandbox };
  const account: VendorGateways["account"] = {};
  for (const [name, gateway] of Object.entries(own) as [GatewayName, PaymentGateway][]) {
    registry[name] = gateway;
    account[name] = "vendor";
  }
  if (hasServerCredentials(accounts) && (await serverAccountOwner(db, accounts)) === vendor.id) {
    for (const [name, gateway] of Object.entries(serverRegistry(accounts)) as [
      GatewayName,
      PaymentGateway,
    ][]) {
      if (registry[name]) continue;
      registry[name] = gateway;
      account[name] = "server";
    }
  }
  return { registry, account };
}

/** A provider account a callback arrived on: the vendor it belongs to and its gateway. */
export interface CallbackAccount {
  vendorId: string;
  account: GatewayAccount;
  gateway: PaymentGateway;
}

/**
 * The account a callback URL names: `/webhooks/gateways/<gateway>/vendors/<slug>` is that
 * vendor's own account, `/webhooks/gateways/<gateway>` the server-wide one.
 */
export async function callbackAccount(
  db: Executor,
  accounts: GatewayAccounts,
  params: { gateway: string; vendorSlug: string | null },
): Promise<CallbackAccount> {
  const name = params.gateway as ConfigurableGateway;
  const unknown = () => new DomainError("not_found", "Unknown payment gateway.");
  if (params.vendorSlug === null) {
    const gateway = serverRegistry(accounts)[name];
    const owner = gateway ? await serverAccountOwner(db, accounts) : null;
    if (!gateway || !owner) throw unknown();
    return { vendorId: owner, account: "server", gateway };
  }
  const [vendor] = await db
    .select({ id: vendors.id, slug: vendors.slug, gatewayConfigEncrypted: vendors.gatewayConfigEncrypted })
    .from(vendors)
    .where(eq(vendors.slug, params.vendorSlug));
  const gateway = vendor ? vendorRegistry(accounts, vendor)[name] : undefined;
  if (!vendor || !gateway) throw unknown();
  return { vendorId: vendor.id, account: "vendor", gateway };
}

/** The gateway on the account an order's payment opened on (refunds go back the way the money came). */
export async function orderGateway(
  db: Executor,
  accounts: GatewayAccounts,
  order: { vendorId: string; gateway: GatewayName; gatewayAccount: GatewayAccount | null },
): Promise<PaymentGateway | undefined> {
  if (order.gateway === "sandbox") return accounts.sandbox;
  const name = order.gateway;
  if (order.gatewayAccount === "server") return serverRegistry(accounts)[name];
  const [vendor] = await db
    .select({ id: vendors.id, slug: vendors.slug, gatewayConfigEncrypted: vendors.gatewayConfigEncrypted })
    .from(vendors)
    .where(eq(vendors.id, order.vendorId));
  return vendor ? vendorRegistry(accounts, vendor)[name] : undefined;
}

/** Where a provider sends the buyer and its callbacks for an account: the vendor's own path, or the server's. */
export function callbackBase(
  publicUrl: string,
  gateway: GatewayName,
  account: GatewayAccount | null,
  vendorSlug: string,
): string {
  const base = `${publicUrl}/webhooks/gateways/${gateway}`;
  return account === "vendor" ? `${base}/vendors/${encodeURIComponent(vendorSlug)}` : base;
}
