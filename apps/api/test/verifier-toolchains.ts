import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SigningKeyList } from "@keyway/schema";

/**
 * The toolchains the verifier suite runs (verifiers/php, verifiers/python, verifiers/go): php with
 * sodium, a python3 that imports `cryptography`, and go. When one is missing and we are root on
 * Debian, Debian's package is installed (php-cli, python3-cryptography, golang-go), as
 * apps/portal/test/chromium.ts does for Chromium; else a clear error names what to install.
 * `loadVerifiers` answers the four verifiers the suite drives, one interface each.
 */

export const VERIFIERS_DIR = fileURLToPath(new URL("../../../verifiers", import.meta.url));

export interface Toolchains {
  php: string;
  python: string;
  go: string;
  /** Seconds spent installing missing toolchains (0 when all were there). */
  installSeconds: number;
  installed: string[];
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter).filter(Boolean)) {
    const file = join(dir, name);
    if (isExecutable(file)) return file;
  }
  return undefined;
}

function succeeds(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return result.status === 0;
}

function findPhp(): string | undefined {
  const php = onPath("php") ?? ["/usr/bin/php"].find(isExecutable);
  return php && succeeds(php, ["-r", "exit(function_exists('sodium_crypto_sign_verify_detached') ? 0 : 1);"])
    ? php
    : undefined;
}

function findPython(): string | undefined {
  const candidates = ["/usr/bin/python3", onPath("python3")].filter((p): p is string => !!p);
  return candidates.find((p) => isExecutable(p) && succeeds(p, ["-c", "import cryptography"]));
}

function findGo(): string | undefined {
  const go = onPath("go") ?? ["/usr/bin/go", "/usr/lib/go/bin/go", "/usr/local/go/bin/go"].find(isExecutable);
  return go && succeeds(go, ["version"]) ? go : undefined;
}

const isRootOnDebian = () =>
  process.getuid?.() === 0 && existsSync("/etc/debian_version") && existsSync("/usr/bin/apt-get");

function run(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, {
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status === 0) return true;
  const output = `${result.stderr ?? ""}${result.stdout ?? ""}`.trim().split("\n").slice(-5).join("\n");
  console.error(`${command} ${args.join(" ")} failed:\n${output || result.error?.message}`);
  return false;
}

const PACKAGES = { php: "php-cli", python: "python3-cryptography", go: "golang-go" } as const;

/** The three toolchains; installs the missing ones (root on Debian), or throws one clear line. */
export function resolveToolchains(): Toolchains {
  const find = () => ({ php: findPhp(), python: findPython(), go: findGo() });
  let found = find();
  const missing = (Object.keys(PACKAGES) as (keyof typeof PACKAGES)[]).filter((tool) => !found[tool]);
  let installSeconds = 0;
  if (missing.length > 0 && isRootOnDebian()) {
    const packages = missing.map((tool) => PACKAGES[tool]);
    console.log(
      `Verifier toolchains missing (${missing.join(", ")}): apt-get install ${packages.join(" ")}…`,
    );
    const started = performance.now();
    if (run("apt-get", ["update", "-qq"])) run("apt-get", ["install", "-y", "-qq", ...packages]);
    installSeconds = (performance.now() - started) / 1000;
    console.log(`Installed ${packages.join(" ")} in ${installSeconds.toFixed(1)} s`);
    found = find();
  }
  const { php, python, go } = found;
  if (!php || !python || !go) {
    const lacking = [
      !php && "php (with sodium: Debian php-cli)",
      !python && "a python3 that can `import cryptography` (Debian python3-cryptography)",
      !go && "go (Debian golang-go)",
    ].filter(Boolean);
    throw new Error(`The verifier tests need ${lacking.join(", ")}: install them and rerun.`);
  }
  return { php, python, go, installSeconds, installed: missing.map((tool) => PACKAGES[tool]) };
}

/** A writable directory for Go's caches: $HOME's when writable, else one under the OS temp dir. */
function goCacheEnv(): Record<string, string> {
  const home = process.env.HOME;
  if (home) {
    try {
      accessSync(home, constants.W_OK);
      return {};
    } catch {
      // Not writable: fall through.
    }
  }
  const base = join(tmpdir(), "keyway-go");
  mkdirSync(base, { recursive: true });
  return { GOCACHE: join(base, "cache"), GOPATH: join(base, "path") };
}

/** Builds the Go harness (verifiers/go/cmd/keyway-verify) into a fresh temp dir; its path. */
export function buildGoHarness(go: string): string {
  const out = join(mkdtempSync(join(tmpdir(), "keyway-verify-")), "keyway-verify");
  const result = spawnSync(go, ["build", "-o", out, "./cmd/keyway-verify"], {
    cwd: join(VERIFIERS_DIR, "go"),
    env: {
      ...process.env,
      ...goCacheEnv(),
      GOFLAGS: "-mod=mod",
      GOTOOLCHAIN: "local",
      GOPROXY: "off",
      CGO_ENABLED: "0",
    },
    encoding: "utf8",
  });
  if (result.status !== 0)
    throw new Error(`go build of the Go verifier failed:\n${result.stderr || result.error?.message}`);
  return out;
}

/** A case a verifier harness reads (verifiers/<lang>/cli: a JSON array of them on stdin). */
export interface AnswerCase {
  kind: "answer";
  request: { method: string; path: string; host: string; nonce: string | null };
  headers: Record<string, string>;
  bodyBase64: string;
  keys: SigningKeyList;
  now: number;
  maxSkew?: number;
}
export interface CertificateCase {
  kind: "certificate";
  certificate: string;
  keys: SigningKeyList;
  now: number;
  fingerprint?: string;
  nonce?: string;
}
export type Case = AnswerCase | CertificateCase;
export interface Verifier {
  name: string;
  run(cases: Case[]): Promise<{ valid: boolean; reason?: string }[]>;
}

/** A verifier behind a harness reading a JSON array of cases on stdin. */
function processVerifier(name: string, command: string, args: string[]): Verifier {
  return {
    name,
    async run(cases) {
      const result = spawnSync(command, args, { input: JSON.stringify(cases), encoding: "utf8" });
      if (result.status !== 0)
        throw new Error(
          `${name} harness failed (${result.status}): ${result.stderr || result.error?.message}`,
        );
      return JSON.parse(result.stdout);
    },
  };
}

/**
 * @keyway/client's verifiers (`verifyAnswer`, `verifyCertificateWithKeys`), when the package has
 * them; null (and a note) when it does not yet.
 */
async function jsVerifier(): Promise<Verifier | null> {
  const client: Record<string, unknown> = await import(
    /* @vite-ignore */ new URL("../../../packages/client/src/index.ts", import.meta.url).href
  );
  const { verifyAnswer, verifyCertificateWithKeys } = client;
  if (typeof verifyAnswer !== "function" || typeof verifyCertificateWithKeys !== "function") {
    console.log("@keyway/client has no verifyAnswer / verifyCertificateWithKeys yet: JS verifier not run");
    return null;
  }
  return {
    name: "js",
    async run(cases) {
      return Promise.all(
        cases.map((c) =>
          c.kind === "answer"
            ? verifyAnswer({
                ...c.request,
                headers: c.headers,
                body: Buffer.from(c.bodyBase64, "base64"),
                keys: c.keys,
                now: new Date(c.now * 1000),
                ...(c.maxSkew !== undefined && { maxSkewSeconds: c.maxSkew }),
              })
            : verifyCertificateWithKeys(c.certificate, c.keys, {
                now: new Date(c.now * 1000),
                ...(c.fingerprint !== undefined && { fingerprint: c.fingerprint }),
                ...(c.nonce !== undefined && { nonce: c.nonce }),
              }),
        ),
      );
    },
  };
}

/** PHP, Python and Go through their harnesses, and @keyway/client's when it has its verifiers. */
export async function loadVerifiers(): Promise<Verifier[]> {
  const tools = resolveToolchains();
  if (tools.installed.length > 0)
    console.log(`verifier toolchains: installed ${tools.installed.join(", ")} in ${tools.installSeconds} s`);
  const verifiers = [
    processVerifier("php", tools.php, [join(VERIFIERS_DIR, "php/cli.php")]),
    processVerifier("python", tools.python, [join(VERIFIERS_DIR, "python/cli.py")]),
    processVerifier("go", buildGoHarness(tools.go), []),
  ];
  const js = await jsVerifier();
  return js ? [...verifiers, js] : verifiers;
}
