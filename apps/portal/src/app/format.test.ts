import { describe, expect, it } from "vitest";
import { cycleLabel, eventLabel, formatDuration, statusTone } from "./format";

describe("labels", () => {
  it("names durations, cycles and events for people", () => {
    expect(formatDuration(1, "year")).toBe("1 year");
    expect(formatDuration(3, "months")).toBe("3 months");
    expect(formatDuration(null, null)).toBe("Lifetime");
    expect(cycleLabel("yearly")).toBe("Yearly");
    expect(eventLabel("license.activation_released")).toBe("License activation released");
    expect(eventLabel("payment.succeeded")).toBe("Payment succeeded");
  });
  it("gives statuses a tone", () => {
    expect(statusTone("active")).toBe("ok");
    expect(statusTone("expired")).toBe("bad");
    expect(statusTone("pending")).toBe("warn");
  });
});
