import {
  createNotifier,
  createSecretBox,
  type GatewayRegistry,
  type Notifier,
  type SandboxPolicy,
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
  /** Where the sandbox may take orders (test mode only in production), passed to `createOrder`. */
  sandbox: SandboxPolicy;
  /** Sign-in codes: SMTP when SMTP_URL is set; outside production also the dev mailbox and log. */
  notifier: Notifier;
}

export function createDeps(dbHandle: DbHandle, config: AppConfig): AppDeps {
  return {
    db: dbHandle.db,
    dbHandle,
    config,
    secrets: createSecretBox(config.secretKey),
    gateways: createGateways(config),
    sandbox: sandboxPolicy(config),
    notifier: createNotifier({
      smtpUrl: config.SMTP_URL,
      production: config.production,
      log: (line) => console.info(line),
    }),
  };
}
