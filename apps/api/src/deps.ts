import {
  createNotifier,
  createSecretBox,
  createTwilioSms,
  type GatewayAccounts,
  type MessageLinks,
  type MessageSender,
  type Notifier,
  type OrderSettings,
  type SecretBox,
} from "@keyway/core";
import type { Database, DbHandle } from "@keyway/db";
import type { AppConfig } from "./env";
import { createGatewayAccounts, sandboxPolicy } from "./gateways";
import { SharedCounters } from "./rate-limit/shared-counters";

/** What every surface gets from the host: built once at start, or once per test. */
export interface AppDeps {
  db: Database;
  dbHandle: DbHandle;
  config: AppConfig;
  secrets: SecretBox;
  /** The provider accounts payments open, are checked and refunded on (each vendor's own). */
  accounts: GatewayAccounts;
  /** How this process takes orders (accounts, sandbox policy, public URL, TTL): every `openOrder` gets it. */
  orders: OrderSettings;
  /**
   * Sign-in codes and customer messages: email by SMTP when SMTP_URL is set, SMS by Twilio when
   * TWILIO_* are set; outside production also the dev mailbox and log.
   */
  notifier: Notifier & MessageSender;
  /** The links customer messages carry (receipt, portal, unsubscribe): public URL and secret box. */
  messages: MessageLinks;
  /** Counters shared by every API process (REDIS_URL); null: each process counts alone. */
  counters: SharedCounters | null;
}

/**
 * `limits: false` (the worker, which answers no requests): no shared counters, so no Redis
 * connection that nothing would use.
 */
export function createDeps(dbHandle: DbHandle, config: AppConfig, { limits = true } = {}): AppDeps {
  const secrets = createSecretBox(config.secretKey);
  const accounts = createGatewayAccounts(config, secrets);
  return {
    db: dbHandle.db,
    dbHandle,
    config,
    secrets,
    accounts,
    orders: {
      accounts,
      sandbox: sandboxPolicy(config),
      publicUrl: config.publicUrl,
      ttlMinutes: config.ORDER_TTL_MINUTES,
    },
    // Read at use: a test server learns its port (and so its public URL) after it starts.
    messages: {
      get publicUrl() {
        return config.publicUrl;
      },
      secrets,
    },
    notifier: createNotifier({
      smtpUrl: config.SMTP_URL,
      smtpFrom: config.SMTP_FROM,
      sms: smsProvider(config),
      production: config.production,
      log: (line) => console.info(line),
    }),
    counters:
      limits && config.REDIS_URL
        ? new SharedCounters(config.REDIS_URL, config.REDIS_PREFIX, {
            warn: (m) => console.warn(m),
            info: (m) => console.info(m),
          })
        : null,
  };
}

/** Twilio when its three settings are there; numbers without a country are Indian (+91). */
function smsProvider(config: AppConfig) {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_FROM: from } = config;
  if (!accountSid || !authToken || !from) return undefined;
  return createTwilioSms({ accountSid, authToken, from, apiUrl: config.TWILIO_API_URL });
}
