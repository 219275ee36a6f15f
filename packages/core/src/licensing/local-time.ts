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

/**
 * The zone's UTC offset is looked up once per zone and quarter of an hour: `formatToParts` was
 * ~4 % of a Blenddoit verification's CPU (four dates an answer). Offsets only change on
 * quarter-hour UTC boundaries in the tz database's current rules, so a quarter's offset holds for
 * every instant in it.
 */
const QUARTER_HOUR_MS = 15 * 60_000;
const offsets = new Map<string, number>();

function offsetMs(date: Date, timeZone: string): number {
  const quarter = Math.floor(date.getTime() / QUARTER_HOUR_MS);
  const id = `${timeZone}|${quarter}`;
  let offset = offsets.get(id);
  if (offset === undefined) {
    const start = quarter * QUARTER_HOUR_MS;
    const p = parts(new Date(start), timeZone);
    offset =
      Date.UTC(
        Number(p.year),
        Number(p.month) - 1,
        Number(p.day),
        Number(p.hour),
        Number(p.minute),
        Number(p.second),
      ) - start;
    if (offsets.size > 10_000) offsets.clear();
    offsets.set(id, offset);
  }
  return offset;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** The wall clock in the zone, as a Date whose UTC fields read that wall clock. */
function wallClock(date: Date, timeZone: string): Date {
  return new Date(date.getTime() + offsetMs(date, timeZone));
}

function ymd(w: Date): string {
  return `${String(w.getUTCFullYear()).padStart(4, "0")}-${two(w.getUTCMonth() + 1)}-${two(w.getUTCDate())}`;
}

/** `YYYY-MM-DD` in the zone. */
export function formatLocalDate(date: Date, timeZone: string): string {
  return ymd(wallClock(date, timeZone));
}

/** `YYYY-MM-DD HH:mm:ss` in the zone. */
export function formatLocalDateTime(date: Date, timeZone: string): string {
  const w = wallClock(date, timeZone);
  return `${ymd(w)} ${two(w.getUTCHours())}:${two(w.getUTCMinutes())}:${two(w.getUTCSeconds())}`;
}

/** The same, straight from Intl (tests compare the two). */
export function formatLocalDateTimeIntl(date: Date, timeZone: string): string {
  const p = parts(date, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}
