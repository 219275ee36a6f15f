import type { ErrorCode } from "@keyway/schema";

/** The only error core throws on purpose. Surfaces map `code` through `errorTable`. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  /**
   * For a refusal about a license that exists (expired, bound elsewhere…): the license's vendor,
   * whose key signs the refusal on the verification surfaces (`about`).
   */
  vendorId: string | undefined;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.details = details;
  }

  /** Names the vendor whose license this refusal is about; returns the error. */
  about(vendorId: string): this {
    this.vendorId = vendorId;
    return this;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
