import { generateKeyPairSync, pbkdf2, verify } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { signOnThread, stopSigningThread } from "../src/http/answer-signer-thread";

const vendorA = generateKeyPairSync("ed25519");
const vendorB = generateKeyPairSync("ed25519");
const valid = (key: typeof vendorA, message: string, signature: string) =>
  verify(null, Buffer.from(message, "utf8"), key.publicKey, Buffer.from(signature, "base64"));

afterAll(() => stopSigningThread());

describe("answer signatures made on their own thread", () => {
  it("signs many answers of two vendors at once, each with its own vendor's key", async () => {
    const jobs = Array.from({ length: 200 }, (_, i) => ({
      key: i % 3 === 0 ? vendorB : vendorA,
      kid: i % 3 === 0 ? "kid_b" : "kid_a",
      message: `(request-target): post /api/v1/licenses/validate\nkeyway-nonce: n${i} ✓`,
    }));
    const signatures = await Promise.all(jobs.map((j) => signOnThread(j.kid, j.key.privateKey, j.message)));
    for (const [i, job] of jobs.entries()) {
      expect(valid(job.key, job.message, signatures[i] ?? ""), `answer ${i}`).toBe(true);
      expect(valid(job.key === vendorA ? vendorB : vendorA, job.message, signatures[i] ?? "")).toBe(false);
    }
  });

  it("does not wait behind a busy libuv thread pool (password hashing, file reads, DNS lookups)", async () => {
    // Twice as many slow jobs as the pool has threads: anything queued there waits for them.
    const poolSize = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
    const order: string[] = [];
    const slow = Array.from(
      { length: poolSize * 2 },
      (_, i) =>
        new Promise<void>((resolve, reject) =>
          pbkdf2("password", `salt${i}`, 600_000, 32, "sha256", (err) => {
            order.push("pool job");
            return err ? reject(err) : resolve();
          }),
        ),
    );
    const signed = signOnThread("kid_a", vendorA.privateKey, "while the pool is busy").then((signature) => {
      order.push("signature");
      return signature;
    });
    expect(valid(vendorA, "while the pool is busy", await signed)).toBe(true);
    await Promise.all(slow);
    expect(order[0]).toBe("signature");
  });

  it("a thread that stops leaves no answer unsigned, and the next answer is signed by a new one", async () => {
    const held = Array.from({ length: 20 }, (_, i) => {
      const key = i % 2 ? vendorA : vendorB;
      return {
        key,
        message: `held ${i}`,
        signature: signOnThread(i % 2 ? "kid_a" : "kid_b", key.privateKey, `held ${i}`),
      };
    });
    await stopSigningThread();
    for (const job of held) expect(valid(job.key, job.message, await job.signature), job.message).toBe(true);
    const next = await signOnThread("kid_a", vendorA.privateKey, "after");
    expect(valid(vendorA, "after", next)).toBe(true);
  });
});
