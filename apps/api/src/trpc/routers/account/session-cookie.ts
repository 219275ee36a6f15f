import type { AppConfig } from "../../../env";

/** The console's session cookie: httpOnly (no script reads it), SameSite=Lax, Secure over https. */
export const CONSOLE_COOKIE = "keyway_console";

export function consoleCookie(config: AppConfig, token: string, expiresAt: Date): string {
  const secure = config.production || config.publicUrl.startsWith("https:");
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return [
    `${CONSOLE_COOKIE}=${encodeURIComponent(token)}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAge}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

export function clearedConsoleCookie(config: AppConfig): string {
  return consoleCookie(config, "", new Date(0));
}
