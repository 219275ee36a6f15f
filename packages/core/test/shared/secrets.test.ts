import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/shared/errors";
import { createSecretBox } from "../../src/shared/secrets";

describe("secrets at rest", () => {
  const box = createSecretBox("secrets-test-server-key");

  it("opens what it sealed, and a seal never shows the secret", () => {
    const sealed = box.seal("whsec_plain");
    expect(sealed).not.toContain("whsec_plain");
    expect(box.open(sealed)).toBe("whsec_plain");
  });

  it("refuses a value that is not a sealed secret as core's internal error (a 500 that names nothing)", () => {
    const opening = () => box.open("not a sealed secret");
    expect(opening).toThrow(DomainError);
    expect(opening).toThrow(expect.objectContaining({ code: "internal" }));
  });
});
