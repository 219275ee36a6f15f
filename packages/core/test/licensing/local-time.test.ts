import { describe, expect, it } from "vitest";
import {
  formatLocalDate,
  formatLocalDateTime,
  formatLocalDateTimeIntl,
} from "../../src/licensing/local-time";

describe("wall-clock rendering in a vendor's zone", () => {
  it("matches Intl every 7 minutes across DST changes and half-hour zones", () => {
    const days = [
      ["America/New_York", "2026-03-08"],
      ["America/New_York", "2026-11-01"],
      ["Europe/Berlin", "2026-03-29"],
      ["Australia/Lord_Howe", "2026-04-05"],
      ["Asia/Kolkata", "2026-05-29"],
      ["Asia/Kathmandu", "2026-12-31"],
      ["UTC", "2026-02-28"],
    ] as const;
    for (const [zone, day] of days) {
      const start = Date.parse(`${day}T00:00:00Z`) - 14 * 3_600_000;
      for (let t = start; t < start + 52 * 3_600_000; t += 7 * 60_000 + 13_000) {
        const at = new Date(t);
        expect(formatLocalDateTime(at, zone), `${zone} ${at.toISOString()}`).toBe(
          formatLocalDateTimeIntl(at, zone),
        );
      }
    }
  });

  it("renders the seeds' formats", () => {
    const at = new Date("2026-05-29T13:17:32Z");
    expect(formatLocalDateTime(at, "Asia/Kolkata")).toBe("2026-05-29 18:47:32");
    expect(formatLocalDate(at, "Asia/Kolkata")).toBe("2026-05-29");
    expect(formatLocalDate(new Date("2026-05-29T20:00:00Z"), "Asia/Kolkata")).toBe("2026-05-30");
  });

  it("falls back to UTC for a zone the runtime does not know", () => {
    expect(formatLocalDateTime(new Date("2026-01-02T03:04:05Z"), "Mars/Olympus")).toBe("2026-01-02 03:04:05");
  });
});
