import { createSecretBox, type SecretBox } from "@keyway/core";
import type { Database, DbHandle } from "@keyway/db";
import type { AppConfig } from "./env";

/** What every surface gets from the host: built once at start, or once per test. */
export interface AppDeps {
  db: Database;
  dbHandle: DbHandle;
  config: AppConfig;
  secrets: SecretBox;
}

export function createDeps(dbHandle: DbHandle, config: AppConfig): AppDeps {
  return { db: dbHandle.db, dbHandle, config, secrets: createSecretBox(config.secretKey) };
}
