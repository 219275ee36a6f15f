import { describe, expect, it } from "vitest";
import {
  encodeActivationRequest,
  encodeReleaseCode,
  offlineCodeKey,
  parseActivationRequest,
  parseReleaseCode,
} from "../../src/licensing/offline-codes";

const payload = {
  v: 1 as const,
  key: "ABCD-EFGH",
  fingerprint: "9f:2c:4e:1a",
  nonce: "5mS0Lr2nQb6V8yKJ0m1p3w",
};
const raw = (json: unknown) => `kwar1.${Buffer.from(JSON.stringify(json)).toString("base64url")}`;

/** Refused with invalid_input, in words, naming the field and the kind of problem. */
function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string; details: { field: string; reason: string } };
  }
  throw new Error("not refused");
}

describe("air-gapped codes", () => {
  it("reads back what it wrote, ignoring whitespace a copy may add", () => {
    const request = encodeActivationRequest({ ...payload, name: "Lab PC" });
    const wrapped = `  ${request.slice(0, 20)}\n${request.slice(20, 50)} \r\n${request.slice(50)}\n`;
    expect(parseActivationRequest(wrapped)).toEqual({ ...payload, name: "Lab PC" });
    expect(parseReleaseCode(encodeReleaseCode("kwc1.e30.c2ln"))).toEqual({
      v: 1,
      certificate: "kwc1.e30.c2ln",
    });
    expect(offlineCodeKey(request)).toBe("ABCD-EFGH");
  });

  it("says what is wrong with a request, one problem at a time", () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [undefined, "empty", /Paste the activation request/],
      ["   ", "empty", /Paste the activation request/],
      ["ABCD-EFGH", "format", /should start with kwar1\./],
      ["kwar1.abc.def", "format", /should start with kwar1\./],
      ["kwar1.a+b/c", "encoding", /damaged/],
      ["kwar1.AAAA", "encoding", /incomplete or damaged/],
      [raw([1, 2]), "encoding", /incomplete or damaged/],
      [raw({ ...payload, v: 3 }), "content", /version must be 1/],
      [raw({ ...payload, key: "" }), "content", /license key is empty/],
      [raw({ ...payload, fingerprint: undefined }), "content", /fingerprint is missing/],
      [raw({ ...payload, nonce: "x".repeat(129) }), "content", /nonce must be 1 to 128/],
      [encodeReleaseCode("kwc1.e30.c2ln"), "wrong_kind", /This is a release code/],
    ];
    for (const [text, reason, words] of cases) {
      const error = refusal(() => parseActivationRequest(text));
      expect(error.code, String(text)).toBe("invalid_input");
      expect(error.details, String(text)).toEqual({ field: "request", reason });
      expect(error.message, String(text)).toMatch(words);
    }
  });

  it("says what is wrong with a release code", () => {
    const release = (json: unknown) => `kwrl1.${Buffer.from(JSON.stringify(json)).toString("base64url")}`;
    expect(refusal(() => parseReleaseCode(encodeActivationRequest(payload))).message).toMatch(
      /This is an activation request, not a release code/,
    );
    expect(refusal(() => parseReleaseCode(release({ v: 1, certificate: "abc" }))).message).toMatch(
      /must start with kwc1\./,
    );
    expect(offlineCodeKey("nonsense")).toBeNull();
  });
});
