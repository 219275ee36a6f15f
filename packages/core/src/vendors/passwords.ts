import { hash, verify } from "@node-rs/argon2";
import { DomainError } from "../shared/errors";

/** argon2id (the library's default algorithm) with its recommended memory and time costs. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Checked against a dummy hash when the email is unknown, so timing does not reveal accounts. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash("keyway-dummy-password-for-timing");
  return dummyHash;
}

const common = new Set([
  "password",
  "password1",
  "password123",
  "123456789012",
  "qwertyuiop",
  "qwerty123456",
  "letmein12345",
  "iloveyou1234",
  "administrator",
  "welcome12345",
  "changeme1234",
  "keyway123456",
]);

/**
 * Production refuses weak passwords: at least 12 characters, not a well-known one, not the email,
 * and at least two kinds of character. Development and tests accept 8 characters.
 */
export function assertPasswordStrength(
  password: string,
  options: { production: boolean; email?: string },
): void {
  const min = options.production ? 12 : 8;
  if (password.length < min) {
    throw new DomainError("invalid_input", `The password must be at least ${min} characters long.`, {
      field: "password",
    });
  }
  if (!options.production) return;
  const lower = password.toLowerCase();
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  const local = options.email?.split("@")[0]?.toLowerCase();
  if (common.has(lower) || kinds < 2 || /^(.)\1+$/.test(password) || (local && lower.includes(local))) {
    throw new DomainError("invalid_input", "The password is too easy to guess.", { field: "password" });
  }
}
