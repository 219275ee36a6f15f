import type { DurationUnit } from "@keyway/db";

/** A day in milliseconds: reminders, grace periods and report windows count whole UTC days. */
export const DAY_MS = 86_400_000;

/** Calendar arithmetic in UTC; month and year ends clamp (Jan 31 + 1 month = Feb 28/29). */
export function addDuration(from: Date, value: number, unit: DurationUnit): Date {
  const d = new Date(from.getTime());
  switch (unit) {
    case "hour":
      return new Date(d.getTime() + value * 3_600_000);
    case "day":
      return new Date(d.getTime() + value * DAY_MS);
    case "week":
      return new Date(d.getTime() + value * 7 * DAY_MS);
    case "month":
    case "year": {
      const months = unit === "year" ? value * 12 : value;
      const day = d.getUTCDate();
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() + months);
      const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
      d.setUTCDate(Math.min(day, last));
      return d;
    }
  }
}
