/**
 * Wall-clock rendering in a vendor's time zone, for the dialects whose wire formats show local
 * time (Blenddoit `2026-04-01 10:20:00`, Biznoq `2026-05-29 18:47:32` / `2027-05-29`).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-CA", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    } catch {
      // An unknown zone in the database must not break verification: fall back to UTC.
      f = formatterFor("UTC");
    }
    formatters.set(timeZone, f);
  }
  return f;
}

function parts(date: Date, timeZone: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(date)) out[p.type] = p.value;
  return out;
}

/** `YYYY-MM-DD` in the zone. */
export function formatLocalDate(date: Date, timeZone: string): string {
  const p = parts(date, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** `YYYY-MM-DD HH:mm:ss` in the zone. */
export function formatLocalDateTime(date: Date, timeZone: string): string {
  const p = parts(date, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}
