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
  /** Answer verifications of known keys from memory (kept fresh by Postgres NOTIFY; see core). */
  VERIFY_CACHE: bool.default(true),
  /** Licenses the verification cache holds (least recently verified leave first); ~1 KB each. */
  VERIFY_CACHE_SIZE: z.coerce.number().int().min(1).default(1_000_000),
  /** Fill the verification cache in the background at start, so a restart is not a cold stampede. */
  VERIFY_CACHE_PRIME: bool.default(true),
  /** Run the webhook delivery worker inside the API process. */
  WORKER: bool.default(true),
  ALLOW_PRIVATE_WEBHOOK_URLS: bool.optional(),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  ORDER_TTL_MINUTES: z.coerce.number().int().min(1).default(60),
  SEED_DEMO: bool.optional(),
  SMTP_URL: z.string().optional(),
  UPI_GATEWAY_URL: z.url().default("https://api.ekqr.in"),
  UPI_GATEWAY_KEY: z.string().optional(),
  PAYPAL_URL: z.url().default("https://api-m.sandbox.paypal.com"),
  PAYPAL_CLIENT_ID: z.string().optional(),
  PAYPAL_CLIENT_SECRET: z.string().optional(),
  PAYPAL_WEBHOOK_ID: z.string().optional(),
  PORTAL_DIR: z.string().optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export interface AppConfig extends Env {
  publicUrl: string;
  secretKey: string;
  production: boolean;
  allowPrivateWebhookUrls: boolean;
  /** Seed the demo vendor at start: default on for the embedded database only. */
  seedDemo: boolean;
}

export class ConfigError extends Error {}

const DEV_SECRET_KEY = "keyway-development-secret-key-not-for-production";

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
  const port = env.PORT === 0 ? 3000 : env.PORT;
  return {
    ...env,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ""),
    secretKey: env.SECRET_KEY ?? DEV_SECRET_KEY,
    production,
    allowPrivateWebhookUrls: env.ALLOW_PRIVATE_WEBHOOK_URLS ?? !production,
    seedDemo: env.SEED_DEMO ?? !env.DATABASE_URL,
  };
}
