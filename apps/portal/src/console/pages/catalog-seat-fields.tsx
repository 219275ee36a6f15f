import {
  devDomainPatternProblem,
  MAX_DEV_DOMAIN_PATTERNS,
  MAX_HEARTBEAT_SECONDS,
  MIN_HEARTBEAT_SECONDS,
  type Product,
  type SeatMode,
} from "@keyway/schema";
import { Field } from "../ui";

/**
 * A product's seat settings in the console: node-locked or floating seats (with the heartbeat
 * window a floating seat dies after), and the vendor's own development-domain patterns, checked
 * with the schema's rule before they are sent.
 */

export interface SeatFormValues {
  seatMode: SeatMode;
  /** Whole seconds; required for floating seats. */
  heartbeatSeconds: string;
  /** One pattern a line (or comma-separated). */
  devDomainPatterns: string;
}

export interface SeatSettings {
  seatMode: SeatMode;
  heartbeatSeconds: number | null;
  devDomainPatterns: string[];
}

export const seatModeLabel: Record<SeatMode, string> = {
  node_locked: "Node-locked (held until released)",
  floating: "Floating (alive while heartbeats arrive)",
};

export function seatFormValues(product?: Product): SeatFormValues {
  return {
    seatMode: product?.seatMode ?? "node_locked",
    heartbeatSeconds: product?.heartbeatSeconds ? String(product.heartbeatSeconds) : "",
    devDomainPatterns: (product?.devDomainPatterns ?? []).join("\n"),
  };
}

/** The form's seat settings in the API's shape, or what is wrong, in words. */
export function seatSettings(
  f: SeatFormValues,
): { ok: true; value: SeatSettings } | { ok: false; error: string } {
  const typed = f.heartbeatSeconds.trim();
  const seconds = typed ? Number(typed) : null;
  if (
    seconds !== null &&
    (!Number.isInteger(seconds) || seconds < MIN_HEARTBEAT_SECONDS || seconds > MAX_HEARTBEAT_SECONDS)
  ) {
    return {
      ok: false,
      error: `The heartbeat window is a whole number of seconds, ${MIN_HEARTBEAT_SECONDS} to ${MAX_HEARTBEAT_SECONDS}.`,
    };
  }
  if (f.seatMode === "floating" && seconds === null) {
    return { ok: false, error: "Floating seats need a heartbeat window (seconds)." };
  }
  const patterns = f.devDomainPatterns
    .split(/[\n,]/)
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p.length > 0);
  if (patterns.length > MAX_DEV_DOMAIN_PATTERNS) {
    return { ok: false, error: `At most ${MAX_DEV_DOMAIN_PATTERNS} development domain patterns.` };
  }
  for (const pattern of patterns) {
    const problem = devDomainPatternProblem(pattern);
    if (problem) return { ok: false, error: `“${pattern}” is not a domain pattern: ${problem}.` };
  }
  return {
    ok: true,
    value: { seatMode: f.seatMode, heartbeatSeconds: seconds, devDomainPatterns: [...new Set(patterns)] },
  };
}

export function SeatFields({ f, set }: { f: SeatFormValues; set: (patch: Partial<SeatFormValues>) => void }) {
  return (
    <div className="kc-row">
      <Field label="Seat mode">
        <select
          name="seatMode"
          value={f.seatMode}
          onChange={(e) => set({ seatMode: e.target.value as SeatMode })}
        >
          {(Object.keys(seatModeLabel) as SeatMode[]).map((m) => (
            <option key={m} value={m}>
              {seatModeLabel[m]}
            </option>
          ))}
        </select>
      </Field>
      {f.seatMode === "floating" ? (
        <Field
          label="Heartbeat window (seconds)"
          hint="A seat with no heartbeat for this long is dead and frees itself"
        >
          <input
            name="heartbeatSeconds"
            inputMode="numeric"
            placeholder="600"
            value={f.heartbeatSeconds}
            onChange={(e) => set({ heartbeatSeconds: e.target.value })}
          />
        </Field>
      ) : null}
      <Field
        label="Development domains"
        hint="Your own patterns, one a line (e.g. *.preview.example.com). localhost, private IPs, *.local, *.test, staging.* and dev.* never take a seat."
      >
        <textarea
          name="devDomainPatterns"
          rows={2}
          value={f.devDomainPatterns}
          onChange={(e) => set({ devDomainPatterns: e.target.value })}
        />
      </Field>
    </div>
  );
}
