import { randomInt } from "node:crypto";
import type { KeyFormat } from "@keyway/schema";

/** A new key in the product's format, from a CSPRNG (uniform over the alphabet). */
export function generateLicenseKey(format: KeyFormat): string {
  const groups: string[] = [];
  for (let g = 0; g < format.groups; g++) {
    let group = "";
    for (let i = 0; i < format.groupLength; i++) group += format.alphabet[randomInt(format.alphabet.length)];
    groups.push(group);
  }
  const body = groups.join(format.separator);
  return format.prefix ? `${format.prefix.toUpperCase()}${format.separator}${body}` : body;
}
