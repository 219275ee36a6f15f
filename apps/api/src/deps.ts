import { createSecretBox, type GatewayRegistry, type SecretBox } from "@keyway/core";
import type { Database, DbHandle } from "@keyway/db";
import type { AppConfig } from "./env";
import { createGateways } from "./gateways";

/** What every surface gets from the host: built once at start, or once per test. */
export interface AppDeps {
  db: Database;
  dbHandle: DbHandle;
  config: AppConfig;
  secrets: SecretBox;
  gateways: GatewayRegistry;
}

export function createDeps(dbHandle: DbHandle, config: AppConfig): AppDeps {
  return {
    db: dbHandle.db,
    dbHandle,
    config,
    secrets: createSecretBox(config.secretKey),
    gateways: createGateways(config),
  };
}
