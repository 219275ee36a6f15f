import { describe, expect, it } from "vitest";
import { errorField, errorMessage, inWords, retryAt } from "./errors";

const trpcError = (message: string, code: string, details?: Record<string, unknown>) => ({
  message,
  data: { code, httpStatus: 400, ...(details ? { details } : {}) },
});

describe("errors in words", () => {
  it("rewrites core's serial message for a person, and names its field", () => {
    const error = trpcError(
      "serialNo is not a valid serial number (invalid serial number).",
      "invalid_input",
    );
    expect(errorMessage(error)).toBe(
      "That serial number does not look right. Copy it from your device, e.g. B-12345678.",
    );
    expect(errorField(error)).toBe("serialNo");
  });

  it("never shows zod's JSON: the first issue, in words", () => {
    const issues = JSON.stringify([
      {
        code: "invalid_type",
        path: ["item", "quantity"],
        message: "Invalid input: expected int, received number",
      },
    ]);
    const error = trpcError(issues, "invalid_input");
    expect(errorMessage(error)).toBe("Please check the number of licenses.");
    expect(errorField(error)).toBe("quantity");
    expect(
      errorMessage(
        trpcError(
          JSON.stringify([{ path: ["customer", "phone"], message: "Enter a 10-digit mobile number." }]),
          "invalid_input",
        ),
      ),
    ).toBe("Enter a 10-digit mobile number.");
  });

  it("spells out field names and drops internal reasons", () => {
    expect(inWords("licenseKey is not valid (bad checksum).")).toBe("The license key is not valid.");
    expect(inWords("Too small: expected number to be >=1", ["quantity"])).toBe(
      "Please check the number of licenses.",
    );
    expect(inWords("That code is wrong or has expired. Request a new one.")).toBe(
      "That code is wrong or has expired. Request a new one.",
    );
  });

  it("puts a refused phone under its field and says when a rate limit lifts", () => {
    const phone = trpcError("That is not a mobile number.", "invalid_input", { field: "phone" });
    expect(errorField(phone)).toBe("phone");
    const limited = trpcError("Too many codes requested.", "rate_limited", {
      retryAt: "2026-11-30T10:15:00.000Z",
    });
    expect(retryAt(limited)?.toISOString()).toBe("2026-11-30T10:15:00.000Z");
    expect(retryAt(phone)).toBeNull();
  });

  it("hides internal errors and says when the server cannot be reached", () => {
    expect(errorMessage(trpcError("boom at db.ts:12", "internal"))).toBe(
      "Something went wrong. Please try again.",
    );
    expect(errorMessage({ message: "Failed to fetch" })).toBe(
      "We could not reach the server. Check your connection.",
    );
  });
});
