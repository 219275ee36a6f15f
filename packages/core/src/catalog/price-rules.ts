import { DomainError } from "../shared/errors";

/** The contract's ceiling on one price, in minor units. */
const MAX_AMOUNT = 1_000_000_000;

/**
 * A price is a whole number of minor units, from 0 (free) up to the contract's ceiling. The
 * contract bounds it already; this holds for callers that skip it, so a bad price is never stored.
 */
export function assertAmount(amount: number | null | undefined, field: string) {
  if (amount === undefined || amount === null) return;
  if (!Number.isSafeInteger(amount) || amount < 0 || amount > MAX_AMOUNT) {
    throw new DomainError("invalid_input", "A price is a whole amount from 0 upwards.", { field });
  }
}

/** Plan names are compared as people read them: case and surrounding spaces aside. */
export function samePlanName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
