import { z } from "zod";
import { Activation, BindingKind, LicenseKeyInput } from "./licensing";
import { Nonce } from "./nonce";
import { RecordId, singleLine } from "./primitives";

/**
 * Floating seats: a product's seats are `node_locked` (bound until released) or `floating` (alive
 * while the client sends heartbeats within `heartbeatSeconds`; a seat that misses its window is
 * dead, no longer counts, and `activation.dead` is sent). Contracts of the heartbeat and of the
 * vendor's seat list; the rule itself is core's (licensing/seat-liveness.ts).
 */

export const SEAT_MODES = ["node_locked", "floating"] as const;
export const SeatMode = z.enum(SEAT_MODES).meta({
  id: "SeatMode",
  description:
    "`node_locked`: a seat is held until released. `floating`: a seat stays alive only while heartbeats arrive within `heartbeatSeconds`; a dead seat frees itself.",
  example: "node_locked",
});
export type SeatMode = z.infer<typeof SeatMode>;

export const MIN_HEARTBEAT_SECONDS = 10;
export const MAX_HEARTBEAT_SECONDS = 604_800;

export const HeartbeatSeconds = z.number().int().min(MIN_HEARTBEAT_SECONDS).max(MAX_HEARTBEAT_SECONDS).meta({
  description: "Floating seats: a seat with no heartbeat for this many seconds is dead (10 s to 7 days).",
  example: 600,
});

/** Where the seat is: exactly one, of the license's binding kind. */
export const HeartbeatLicenseInput = z
  .object({
    key: LicenseKeyInput,
    domain: singleLine(z.string().max(2048)).optional().meta({ example: "example.com" }),
    serial: singleLine(z.string().max(256)).optional().meta({ example: "B-12345678" }),
    fingerprint: singleLine(z.string().max(256)).optional().meta({ example: "9f2c4e1ab37d5c08" }),
    nonce: Nonce.optional(),
  })
  .refine((v) => [v.domain, v.serial, v.fingerprint].filter((x) => x !== undefined).length === 1, {
    message: "Give exactly one of domain, serial or fingerprint.",
  })
  .meta({ examples: [{ key: "ABCDEF1234567890", fingerprint: "9f2c4e1ab37d5c08" }] });
export type HeartbeatLicenseInput = z.infer<typeof HeartbeatLicenseInput>;

const isoDate = z.iso.datetime({ offset: true }).meta({ example: "2026-05-29T13:17:32.000Z" });

export const HeartbeatLicenseOutput = z
  .object({
    alive: z.literal(true),
    /** The seat kept alive (null on a development domain, which holds no seat). */
    activation: Activation.nullable(),
    binding: z.enum(["seat", "development"]).meta({ example: "seat" }),
    seatMode: SeatMode,
    heartbeatSeconds: z.number().int().nullable().meta({ example: 600 }),
    nextHeartbeatBy: isoDate.nullable().meta({
      description:
        "Send the next heartbeat before this time, or the seat dies (null: the product's seats are node-locked and never die).",
    }),
  })
  .meta({ id: "HeartbeatResult" });
export type HeartbeatLicenseOutput = z.infer<typeof HeartbeatLicenseOutput>;

export const SEAT_STATES = ["live", "dead", "released"] as const;
export const SeatState = z.enum(SEAT_STATES);
export type SeatState = z.infer<typeof SeatState>;

/** One seat as the vendor sees it: live, dead (missed its heartbeat window) or released. */
export const LicenseSeat = z
  .object({
    id: z.string().meta({ example: "act_z3jfjfhvrp8ad3n5yk7v" }),
    kind: BindingKind,
    value: z.string().meta({ example: "9f2c4e1ab37d5c08" }),
    label: z.string().nullable(),
    state: SeatState,
    activatedAt: isoDate,
    lastVerifiedAt: isoDate.nullable(),
    heartbeatAt: isoDate.nullable(),
    /** Live floating seats: when the seat dies without a heartbeat. */
    deadlineAt: isoDate.nullable(),
    deadAt: isoDate.nullable(),
    releasedAt: isoDate.nullable(),
  })
  .meta({ id: "LicenseSeat" });
export type LicenseSeat = z.infer<typeof LicenseSeat>;

export const ListLicenseSeatsInput = z.object({
  licenseId: RecordId.meta({ example: "lic_spgnfr8bzmkyc5jmngsw" }),
});

export const LicenseSeatList = z
  .object({
    seatMode: SeatMode,
    heartbeatSeconds: z.number().int().nullable().meta({ example: 600 }),
    maxSeats: z.number().int().meta({ example: 5 }),
    /** Live seats first (oldest first), then the 50 most recent dead or released ones. */
    seats: z.array(LicenseSeat),
  })
  .meta({ id: "LicenseSeatList" });
export type LicenseSeatList = z.infer<typeof LicenseSeatList>;
