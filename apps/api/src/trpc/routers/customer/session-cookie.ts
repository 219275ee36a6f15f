import { CUSTOMER_SESSION_DAYS } from "@keyway/core";

/** The portal's session cookie: httpOnly, SameSite=Lax, Secure when served over https. */
export function customerSessionCookie(
  token: string,
  publicUrl: string,
  maxAgeSeconds = CUSTOMER_SESSION_DAYS * 86_400,
) {
  const secure = publicUrl.startsWith("https:") ? "; Secure" : "";
  return `keyway_session=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}
