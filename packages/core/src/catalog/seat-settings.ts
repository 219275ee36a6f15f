import type { products } from "@keyway/db";
import {
  devDomainPatternProblem,
  MAX_DEV_DOMAIN_PATTERNS,
  MAX_HEARTBEAT_SECONDS,
  MIN_HEARTBEAT_SECONDS,
  type SeatMode,
} from "@keyway/schema";
import { DomainError } from "../shared/errors";

/**
 * A product's seat settings: `seatMode` (`floating` needs `heartbeatSeconds`) and its own
 * development-domain patterns (checked as the console checks them, @keyway/schema dev-domains.ts).
 * Omitted fields stay as they are on edit and take the defaults on creation.
 */

type Row = typeof products.$inferSelect;

export interface SeatSettingsInput {
  seatMode?: SeatMode | undefined;
  heartbeatSeconds?: number | null | undefined;
  devDomainPatterns?: string[] | undefined;
}

export function seatSettingsOf(
  p: SeatSettingsInput,
  current?: Pick<Row, "seatMode" | "heartbeatSeconds">,
): Partial<Pick<Row, "seatMode" | "heartbeatSeconds" | "devDomainPatterns">> {
  const set: Partial<Pick<Row, "seatMode" | "heartbeatSeconds" | "devDomainPatterns">> = {};
  if (p.seatMode !== undefined) set.seatMode = p.seatMode;
  if (p.heartbeatSeconds !== undefined) set.heartbeatSeconds = p.heartbeatSeconds;
  const mode = p.seatMode ?? current?.seatMode ?? "node_locked";
  const heartbeat =
    p.heartbeatSeconds !== undefined ? p.heartbeatSeconds : (current?.heartbeatSeconds ?? null);
  if (heartbeat !== null) {
    if (
      !Number.isInteger(heartbeat) ||
      heartbeat < MIN_HEARTBEAT_SECONDS ||
      heartbeat > MAX_HEARTBEAT_SECONDS
    ) {
      throw new DomainError(
        "invalid_input",
        `The heartbeat window is a whole number of seconds, ${MIN_HEARTBEAT_SECONDS} to ${MAX_HEARTBEAT_SECONDS}.`,
        { field: "heartbeatSeconds" },
      );
    }
  }
  if (mode === "floating" && heartbeat === null) {
    throw new DomainError("invalid_input", "Floating seats need a heartbeat window (heartbeatSeconds).", {
      field: "heartbeatSeconds",
    });
  }
  if (p.devDomainPatterns !== undefined) {
    const patterns = [...new Set(p.devDomainPatterns.map((x) => x.trim().toLowerCase()))];
    if (patterns.length > MAX_DEV_DOMAIN_PATTERNS) {
      throw new DomainError(
        "invalid_input",
        `At most ${MAX_DEV_DOMAIN_PATTERNS} development domain patterns.`,
        {
          field: "devDomainPatterns",
        },
      );
    }
    for (const pattern of patterns) {
      const problem = devDomainPatternProblem(pattern);
      if (problem) {
        throw new DomainError("invalid_input", `“${pattern}” is not a domain pattern: ${problem}.`, {
          field: "devDomainPatterns",
        });
      }
    }
    set.devDomainPatterns = patterns;
  }
  return set;
}
