import { describe, expect, it } from "vitest";
import { validateAddonForm, validateContact } from "./checkout-form";

describe("checkout form validation (the server's zod schemas)", () => {
  it("accepts a serial number and a 10-digit phone", () => {
    expect(validateAddonForm({ serialNo: "B-12345678", phone: "9876543210" })).toEqual({});
  });
  it("names the fields a person got wrong", () => {
    const errors = validateAddonForm({ serialNo: " ", phone: "12345" });
    expect(errors.serialNo).toMatch(/serial number/);
    expect(errors.phone).toBe("Enter a 10-digit mobile number.");
  });
  it("needs an email or a phone to buy a plan", () => {
    expect(validateContact({ phone: "", email: "" }).email).toMatch(/email or a mobile/);
    expect(validateContact({ phone: "", email: "not-an-email" }).email).toBe("Enter a valid email address.");
    expect(validateContact({ phone: "9876543210", email: "" })).toEqual({});
  });
});
