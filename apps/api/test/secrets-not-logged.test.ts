import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const apiRoot = fileURLToPath(new URL("..", import.meta.url));

describe("secrets in the log", () => {
  it("never writes a password, session, CSRF token, API secret, gateway or webhook secret to the log", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "test/fixtures/secrets-run.ts"], {
      cwd: apiRoot,
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, NODE_ENV: "test" },
    });
    const line = run.stderr.split("\n").find((l) => l.startsWith("SECRETS "));
    if (!line) throw new Error(`child failed: ${run.stderr.slice(-2000)}`);
    const secrets = JSON.parse(line.slice(8)) as string[];
    expect(secrets.length).toBeGreaterThanOrEqual(7);
    const log = run.stdout;
    // The log really is there: trace level logs every request line.
    expect(log).toContain('"url":"/trpc/account.signIn');
    expect(log).toContain('"url":"/trpc/credential.create');
    for (const secret of secrets) expect(log.includes(secret), `leaked ${secret.slice(0, 6)}…`).toBe(false);
  });
});
