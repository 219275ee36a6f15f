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

/** Well-known bases; a password that is one of these plus digits or symbols is still guessable. */
const commonBases = new Set([
  "password",
  "passw0rd",
  "qwerty",
  "qwertyuiop",
  "letmein",
  "welcome",
  "admin",
  "administrator",
  "iloveyou",
  "changeme",
  "keyway",
  "monkey",
  "dragon",
  "",
]);

/** `abcdefgh…`, `12345678…`, `aaaaaaa…`: each character one step from the last. */
function isRun(s: string): boolean {
  let up = true;
  let down = true;
  let same = true;
  for (let i = 1; i < s.length; i++) {
    const d = s.charCodeAt(i) - s.charCodeAt(i - 1);
    up &&= d === 1;
    down &&= d === -1;
    same &&= d === 0;
  }
  return up || down || same;
}

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
  const base = lower.replace(/[^a-z]/g, "");
  const weak =
    commonBases.has(base) ||
    lower.includes("password") ||
    kinds < 2 ||
    isRun(lower) ||
    isRun(lower.replace(/[^a-z0-9]/g, "")) ||
    (local !== undefined && local.length >= 3 && lower.includes(local));
  if (weak) {
    throw new DomainError("invalid_input", "The password is too easy to guess.", { field: "password" });
  }
}
