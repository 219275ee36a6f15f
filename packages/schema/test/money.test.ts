import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  currencyExponent,
  formatDecimalAmount,
  formatMoney,
  inputFromMinor,
  majorUnits,
  minorFromDecimal,
} from "../src/money";

describe("currencyExponent", () => {
  it("knows zero-, two- and three-decimal currencies", () => {
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("krw")).toBe(0);
    expect(currencyExponent("INR")).toBe(2);
    expect(currencyExponent("KWD")).toBe(3);
    expect(currencyExponent("X1")).toBe(2);
  });
});

describe("parsing what a person types", () => {
  it("reads an amount in the currency's own minor units", () => {
    expect(minorFromDecimal("1500", "JPY")).toBe(1500);
    expect(minorFromDecimal("49.99", "INR")).toBe(4999);
    expect(minorFromDecimal("2,999", "INR")).toBe(299900);
    expect(minorFromDecimal("1.250", "KWD")).toBe(1250);
    expect(minorFromDecimal(" 0.5 ", "USD")).toBe(50);
    expect(minorFromDecimal(".5", "USD")).toBe(50);
    expect(minorFromDecimal(2999, "INR")).toBe(299900);
    expect(minorFromDecimal("1500.00", "JPY")).toBe(1500);
  });
  it("refuses what is not an amount of that currency", () => {
    expect(minorFromDecimal("15.5", "JPY")).toBeNull();
    expect(minorFromDecimal("49.999", "INR")).toBeNull();
    expect(minorFromDecimal("-5", "INR")).toBeNull();
    expect(minorFromDecimal("abc", "INR")).toBeNull();
    expect(minorFromDecimal("", "INR")).toBeNull();
    expect(minorFromDecimal("1e3", "INR")).toBeNull();
    expect(minorFromDecimal(undefined, "INR")).toBeNull();
    expect(minorFromDecimal("99999999999999999999", "INR")).toBeNull();
  });
});

describe("showing minor units", () => {
  it("gives a form back what was typed, in the currency's digits", () => {
    expect(inputFromMinor(1500, "JPY")).toBe("1500");
    expect(inputFromMinor(4999, "INR")).toBe("49.99");
    expect(inputFromMinor(299900, "INR")).toBe("2999");
    expect(inputFromMinor(299950, "INR")).toBe("2999.5");
    expect(inputFromMinor(5, "USD")).toBe("0.05");
    expect(inputFromMinor(0, "USD")).toBe("0");
  });
  it("writes the plain decimal gateways and Biznoq's webhook use", () => {
    expect(formatDecimalAmount(299900, "INR")).toBe("2999.00");
    expect(formatDecimalAmount(1500, "JPY")).toBe("1500");
    expect(formatDecimalAmount(1250, "KWD")).toBe("1.250");
    expect(formatDecimalAmount(5, "USD")).toBe("0.05");
    expect(formatDecimalAmount(-2997, "USD")).toBe("-29.97");
  });
  it("formats for people in the currency's own digits", () => {
    expect(formatMoney(299900, "INR", "en-IN")).toBe("₹2,999.00");
    expect(formatMoney(999, "usd", "en-US")).toBe("$9.99");
    expect(formatMoney(1500, "JPY", "en-US")).toBe("¥1,500");
    expect(formatMoney(1250, "KWD", "en-US")).toMatch(/^KWD\s1\.250$/);
    expect(formatMoney(null, "INR")).toBe("—");
    expect(formatMoney(100, null)).toBe("—");
    expect(formatMoney(1234, "X1")).toBe("12.34 X1");
    expect(majorUnits(299950, "INR")).toBe(2999.5);
    expect(majorUnits(1500, "JPY")).toBe(1500);
  });
});

describe("round trips", () => {
  const currencies = fc.constantFrom("JPY", "KRW", "INR", "USD", "EUR", "KWD", "BHD");
  const minor = fc.integer({ min: 0, max: 1_000_000_000 });
  it("parses back every amount it shows in a form or sends to a gateway", () => {
    fc.assert(
      fc.property(minor, currencies, (m, c) => {
        expect(minorFromDecimal(inputFromMinor(m, c), c)).toBe(m);
        expect(minorFromDecimal(formatDecimalAmount(m, c), c)).toBe(m);
      }),
    );
  });
});
