import { describe, expect, it } from "vitest";
import {
  contactCustomer,
  packageTotal,
  parseQuantity,
  validateAddonForm,
  validateContact,
} from "./checkout-form";

describe("checkout form validation (the server's zod schemas)", () => {
  it("accepts a serial number and a 10-digit phone", () => {
    expect(validateAddonForm({ serialNo: "B-12345678", phone: "9876543210" })).toEqual({});
  });
  it("names the fields a person got wrong", () => {
    const errors = validateAddonForm({ serialNo: " ", phone: "12345" });
    expect(errors.serialNo).toMatch(/serial number/);
    expect(errors.phone).toBe("Enter a 10-digit mobile number.");
  });
  it("needs an email or a mobile number to buy a plan, and says so", () => {
    expect(validateContact("").contact).toBe("Enter an email or a mobile number so you can sign in later.");
    expect(validateContact("not-an@email").contact).toBe("Enter a valid email address.");
    expect(validateContact("hello").contact).toMatch(/email address, or a 10-digit mobile number/);
    expect(validateContact("9876543210")).toEqual({});
    expect(validateContact("+91 94604 39200")).toEqual({});
    expect(validateContact("team@buyer.test")).toEqual({});
  });
  it("sends the contact as an email or a phone", () => {
    expect(contactCustomer(" team@buyer.test ")).toEqual({ email: "team@buyer.test" });
    expect(contactCustomer("094604 39200")).toEqual({ phone: "094604 39200" });
    expect(contactCustomer("  ")).toEqual({});
  });
});

describe("the number of licenses in a package", () => {
  it("refuses 0, −5, empty, 2.5 and 101 in words, never changing them", () => {
    expect(parseQuantity("0")).toEqual({ ok: false, error: "Buy at least 1 license." });
    expect(parseQuantity("-5")).toEqual({ ok: false, error: "Buy at least 1 license." });
    expect(parseQuantity("")).toEqual({
      ok: false,
      error: "Enter how many licenses you want, from 1 to 100.",
    });
    expect(parseQuantity("2.5")).toEqual({
      ok: false,
      error: "Licenses come whole: enter a whole number, like 3.",
    });
    expect(parseQuantity("101")).toEqual({
      ok: false,
      error: "You can buy up to 100 licenses in one order.",
    });
    expect(parseQuantity("abc")).toEqual({
      ok: false,
      error: "Enter the number of licenses in digits, like 3.",
    });
  });
  it("accepts 1 to 100", () => {
    expect(parseQuantity(" 3 ")).toEqual({ ok: true, value: 3 });
    expect(parseQuantity("100")).toEqual({ ok: true, value: 100 });
  });
  it("shows the total as the portal formats money", () => {
    expect(packageTotal("3", 999, "USD")).toBe("3 × $9.99 = $29.97");
    expect(packageTotal("3", 999, "USD", 6)).toBe("3 × $9.99 × 6 months = $179.82");
    expect(packageTotal("2.5", 999, "USD")).toBeNull();
  });
});
