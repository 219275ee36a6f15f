import { describe, expect, it } from "vitest";
import { deadCutoff, isSeatOverdue, seatDeadline } from "../../src/licensing/seat-liveness";

const floating = { seatMode: "floating" as const, heartbeatSeconds: 60 };
const locked = { seatMode: "node_locked" as const, heartbeatSeconds: null };
const at = (s: number) => new Date(Date.UTC(2030, 0, 1, 12, 0, s));

describe("a floating seat's window", () => {
  it("runs from the last heartbeat, or the activation before the first one", () => {
    expect(seatDeadline({ activatedAt: at(0), heartbeatAt: null }, floating)).toEqual(at(60));
    expect(seatDeadline({ activatedAt: at(0), heartbeatAt: at(30) }, floating)).toEqual(at(90));
  });

  it("is overdue only once the window has passed", () => {
    const seat = { activatedAt: at(0), heartbeatAt: at(30) };
    expect(isSeatOverdue(seat, floating, at(90))).toBe(false);
    expect(isSeatOverdue(seat, floating, at(91))).toBe(true);
    expect(deadCutoff(floating, at(91))).toEqual(at(31));
  });

  it("never ends for node-locked seats", () => {
    const seat = { activatedAt: at(0), heartbeatAt: null };
    expect(seatDeadline(seat, locked)).toBeNull();
    expect(isSeatOverdue(seat, locked, new Date(Date.UTC(2040, 0, 1)))).toBe(false);
    expect(deadCutoff(locked, at(0))).toBeNull();
    // Floating without a window (refused on save) behaves as node-locked.
    expect(isSeatOverdue(seat, { seatMode: "floating", heartbeatSeconds: null }, at(600))).toBe(false);
  });
});
