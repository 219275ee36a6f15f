import { describe, expect, it } from "vitest";
import { parseOffsets } from "./settings-reminders";

describe("reminder offsets as typed in the console", () => {
  it("reads days separated by commas or spaces, largest first", () => {
    expect(parseOffsets("7, 1")).toEqual({ days: [7, 1] });
    expect(parseOffsets("1 30;7")).toEqual({ days: [30, 7, 1] });
    expect(parseOffsets("  ")).toEqual({ days: [] });
  });

  it("says what is wrong instead of sending it", () => {
    expect(parseOffsets("7, one")).toEqual({ error: "Use whole numbers of days, e.g. 7, 1." });
    expect(parseOffsets("0")).toEqual({ error: "Each offset is 1 to 90 days before expiry." });
    expect(parseOffsets("91")).toEqual({ error: "Each offset is 1 to 90 days before expiry." });
    expect(parseOffsets("7, 7")).toEqual({ error: "Each offset once." });
    expect(parseOffsets("1 2 3 4 5 6")).toEqual({ error: "At most 5 reminders." });
  });
});
