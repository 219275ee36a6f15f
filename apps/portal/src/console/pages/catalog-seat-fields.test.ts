import { describe, expect, it } from "vitest";
import { seatFormValues, seatSettings } from "./catalog-seat-fields";

describe("the product form's seat settings", () => {
  it("maps floating seats with a heartbeat window and the vendor's patterns", () => {
    expect(
      seatSettings({
        seatMode: "floating",
        heartbeatSeconds: "600",
        devDomainPatterns: "*.Preview.example.com\nqa.*, *.preview.example.com",
      }),
    ).toEqual({
      ok: true,
      value: {
        seatMode: "floating",
        heartbeatSeconds: 600,
        devDomainPatterns: ["*.preview.example.com", "qa.*"],
      },
    });
  });

  it("says in words what is wrong", () => {
    const floating = { ...seatFormValues(), seatMode: "floating" as const };
    expect(seatSettings(floating)).toMatchObject({
      ok: false,
      error: expect.stringContaining("heartbeat window"),
    });
    expect(seatSettings({ ...floating, heartbeatSeconds: "5" })).toMatchObject({ ok: false });
    expect(seatSettings({ ...seatFormValues(), devDomainPatterns: "a.*.com" })).toMatchObject({
      ok: false,
      error: expect.stringContaining("“a.*.com” is not a domain pattern"),
    });
  });

  it("node-locked by default, with no patterns", () => {
    expect(seatSettings(seatFormValues())).toEqual({
      ok: true,
      value: { seatMode: "node_locked", heartbeatSeconds: null, devDomainPatterns: [] },
    });
  });
});
