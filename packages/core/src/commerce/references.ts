import { randomInt } from "node:crypto";
import { nanoid } from "nanoid";

/** Merchant transaction id in Biznoq's form: `TXN-1716942000000-8452`. */
export function newOrderReference(now: Date): string {
  return `TXN-${now.getTime()}-${String(randomInt(10_000)).padStart(4, "0")}`;
}

/** Unguessable token of the hosted pay page and the portal's order page. */
export function newOrderToken(): string {
  // 24 url-safe characters = 144 bits (nanoid's alphabet is base64url's), from a pooled CSPRNG.
  return nanoid(24);
}
