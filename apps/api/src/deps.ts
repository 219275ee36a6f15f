import {
  createNotifier,
  createSecretBox,
  type GatewayRegistry,
  type Notifier,
  type OrderSettings,
  type SecretBox,
} from "@keyway/core";
import type { Database, DbHandle } from "@keyway/db";
import type { AppConfig } from "./env";
import { createGateways, sandboxPolicy } from "./gateways";

/** What every surface gets from the host: built once at start, or once per test. */
export interface AppDeps {
  db: Database;
  dbHandle: DbHandle;
  config: AppConfig;
  secrets: SecretBox;
  gateways: GatewayRegistry;
  /** How this process takes orders (gateways, sandbox policy, public URL, TTL): every `openOrder` gets it. */
  orders: OrderSettings;
  /** Sign-in codes: SMTP when SMTP_URL is set; outside production also the dev mailbox and log. */
  notifier: Notifier;
}

export function createDeps(dbHandle: DbHandle, config: AppConfig): AppDeps {
  const gateways = createGateways(config);
  return {
    db: dbHandle.db,
    dbHandle,
    config,
    secrets: createSecretBox(config.secretKey),
    gateways,
    orders: {
      gateways,
      sandbox: sandboxPolicy(config),
      publicUrl: config.publicUrl,
      ttlMinutes: config.ORDER_TTL_MINUTES,
    },
    notifier: createNotifier({
      smtpUrl: config.SMTP_URL,
      production: config.production,
      log: (line) => console.info(line),
    }),
  };
}
