import { isIP } from "node:net";
import { z } from "zod";

/** The only file that reads process.env. A bad value stops start-up with one line naming it. */
const bool = z
  .enum(["true", "false", "1", "0", "on", "off"])
  .transform((v) => v === "true" || v === "1" || v === "on");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" })
    .optional(),
  DATA_DIR: z.string().min(1).default("./.data"),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  /** Encrypts secrets at rest (signing keys, webhook secrets, gateway credentials). */
  SECRET_KEY: z.string().min(16, "must be at least 16 characters").optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  RATE_LIMIT: z.enum(["on", "off"]).default("on"),
  /** Requests per minute per IP on the public verification routes. */
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(600),
  /** Requests per minute per license key on the public verification routes. */
  RATE_LIMIT_PER_KEY: z.coerce.number().int().min(1).default(120),
  /**
   * Redis for counters every API process shares (rate limits, sign-in limits); without it each
   * process counts alone (the embedded default).
   */
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" }).optional(),
  /** Prefix of every Redis key this deployment writes (several deployments may share one Redis). */
  REDIS_PREFIX: z.string().min(1).max(64).default("keyway:"),
  /** Answer verifications of known keys from memory (kept fresh by Postgres NOTIFY; see core). */
  VERIFY_CACHE: bool.default(true),
  /** Licenses the verification cache holds (least recently verified leave first); ~1 KB each. */
  VERIFY_CACHE_SIZE: z.coerce.number().int().min(1).default(1_000_000),
  /** Fill the verification cache in the background at start, so a restart is not a cold stampede. */
  VERIFY_CACHE_PRIME: bool.default(true),
  /**
   * API processes to run (Node's cluster: one port, connections shared out by the primary). Above
   * 1 needs DATABASE_URL: the embedded database belongs to one process.
   */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** Run the webhook delivery worker inside the API process. */
  WORKER: bool.default(true),
  ALLOW_PRIVATE_WEBHOOK_URLS: bool.optional(),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  ORDER_TTL_MINUTES: z.coerce.number().int().min(1).default(60),
  /** Demo data (public credentials): default on in development on the embedded database only. */
  SEED_DEMO: bool.optional(),
  /** Which proxies may set the client address (`X-Forwarded-For`): off, a hop count or addresses. */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, ctx) => parseTrustProxy(value, ctx)),
  /** How often the scheduler looks for due work (reminders, expiries, renewals, unpaid orders). */
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  SMTP_URL: z.string().optional(),
  /** The From address of email to customers (reply-to is the vendor's). */
  SMTP_FROM: z.string().optional(),
  /** SMS through Twilio's Messages API, for phone-only customers (codes and reminders). */
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_FROM: z.string().optional(),
  TWILIO_API_URL: z.url().default("https://api.twilio.com"),
  UPI_GATEWAY_URL: z.url().default("https://api.ekqr.in"),
  UPI_GATEWAY_KEY: z.string().optional(),
  PAYPAL_URL: z.url().default("https://api-m.sandbox.paypal.com"),
  PAYPAL_CLIENT_ID: z.string().optional(),
  PAYPAL_CLIENT_SECRET: z.string().optional(),
  PAYPAL_WEBHOOK_ID: z.string().optional(),
  /** Stripe's API (a local fake in tests); the secret key and the webhook endpoint's signing secret. */
  STRIPE_API_URL: z.url().default("https://api.stripe.com"),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  /**
   * The vendor (slug) the server-wide gateway accounts above belong to; unset: the first vendor
   * created. Every other vendor takes payments only on the accounts it stores in its settings.
   */
  GATEWAY_ACCOUNT_VENDOR: z.string().optional(),
  PORTAL_DIR: z.string().optional(),
});

export type Env = z.infer<typeof EnvSchema>;

/** Named address ranges proxy-addr (Fastify's `trustProxy`) understands. */
const PROXY_RANGES = new Set(["loopback", "linklocal", "uniquelocal"]);

/**
 * `TRUST_PROXY` as Fastify takes it: unset/off → trust no proxy (the client address is the
 * socket's); a positive integer → that many proxy hops; otherwise a comma-separated list of proxy
 * addresses, CIDR ranges or loopback/linklocal/uniquelocal. Trusting every hop (`true`) would let
 * any client choose its own address (and so its own rate-limit bucket): refused.
 */
function parseTrustProxy(value: string | undefined, ctx: z.RefinementCtx): false | number | string[] {
  const v = value?.trim().toLowerCase();
  if (v === undefined || v === "" || v === "off" || v === "false" || v === "0") return false;
  if (/^\d+$/.test(v)) return Number(v);
  if (v === "true" || v === "on") {
    ctx.addIssue({
      code: "custom",
      message: "trusting every proxy lets any client spoof its address; give a hop count or proxy addresses",
    });
    return z.NEVER;
  }
  const entries = v
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address = "", bits, ...rest] = entry.split("/");
    const family = isIP(address);
    const validBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!(PROXY_RANGES.has(entry) || (family !== 0 && validBits && rest.length === 0))) {
      ctx.addIssue({
        code: "custom",
        message: `"${entry}" is not a hop count, an IP address, a CIDR range or loopback/linklocal/uniquelocal`,
      });
      return z.NEVER;
    }
  }
  return entries;
}

export interface AppConfig extends Env {
  publicUrl: string;
  secretKey: string;
  production: boolean;
  allowPrivateWebhookUrls: boolean;
  /** Seed the demo vendor at start: default on in development on the embedded database only. */
  seedDemo: boolean;
}

export class ConfigError extends Error {}

const DEV_SECRET_KEY = "keyway-development-secret-key-not-for-production";
/** Keys anyone can read (this file, docker-compose.yml): never acceptable in production. */
const PUBLIC_SECRET_KEYS = new Set([DEV_SECRET_KEY, "change-me-to-a-long-random-string"]);

export function loadConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  // Empty strings mean "unset", as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "environment");
    const value = cleaned[name];
    throw new ConfigError(
      `Invalid ${name}${value === undefined ? "" : ` (${JSON.stringify(value.slice(0, 60))})`}: ${issue?.message ?? "invalid"}`,
    );
  }
  const env = parsed.data;
  const production = env.NODE_ENV === "production";
  if (production && !env.SECRET_KEY)
    throw new ConfigError("Invalid SECRET_KEY: required when NODE_ENV=production");
  if (production && PUBLIC_SECRET_KEYS.has(env.SECRET_KEY ?? ""))
    throw new ConfigError(
      "Invalid SECRET_KEY: a value printed in public files; generate one (openssl rand -hex 32)",
    );
  const twilio = [env.TWILIO_ACCOUNT_SID, env.TWILIO_AUTH_TOKEN, env.TWILIO_FROM];
  if (twilio.some(Boolean) && !twilio.every(Boolean))
    // Half a configuration would send no SMS without a word: phone-only customers hear nothing.
    throw new ConfigError(
      "Invalid TWILIO_ACCOUNT_SID: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM together",
    );
  if (production && new URL(env.STRIPE_API_URL).protocol !== "https:")
    // Stripe's own advice: a secret key never travels over plain HTTP.
    throw new ConfigError("Invalid STRIPE_API_URL: must be https when NODE_ENV=production");
  if (env.WEB_CONCURRENCY > 1 && !env.DATABASE_URL)
    throw new ConfigError(
      "Invalid WEB_CONCURRENCY: more than one process needs DATABASE_URL (the embedded database belongs to one process)",
    );
  const port = env.PORT === 0 ? 3000 : env.PORT;
  return {
    ...env,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ""),
    secretKey: env.SECRET_KEY ?? DEV_SECRET_KEY,
    production,
    allowPrivateWebhookUrls: env.ALLOW_PRIVATE_WEBHOOK_URLS ?? !production,
    seedDemo: env.SEED_DEMO ?? (!production && !env.DATABASE_URL),
  };
}
