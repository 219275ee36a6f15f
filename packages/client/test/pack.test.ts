import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { demoHeaders, startTestServer, type TestServer } from "@keyway/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeywayClient } from "../src/index";

/**
 * What a team in another repository does: install the packed tarball into a project of its own
 * (outside this workspace, so nothing resolves to our sources), typecheck against it, run it.
 * Needs the built package (`pnpm --filter @keyway/client build`; turbo's test task builds first).
 */
const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const fixtures = fileURLToPath(new URL("./scratch-project/", import.meta.url));
const apiKey = demoHeaders.bearer.authorization.replace("Bearer ", "");

let server: TestServer;
let work: string;
let tarball: string;
let scratch: string;

beforeAll(async () => {
  if (!existsSync(join(packageDir, "dist/index.js")))
    throw new Error("@keyway/client is not built: run `pnpm --filter @keyway/client build` first");
  work = await mkdtemp(join(tmpdir(), "keyway-client-pack-"));
  const packed = await run("pnpm", ["pack", "--pack-destination", work], { cwd: packageDir });
  const name = (await readdir(work)).find((f) => f.endsWith(".tgz"));
  if (!name) throw new Error(`pnpm pack made no tarball:\n${packed.stdout}`);
  tarball = join(work, name);
  await run("tar", ["-xzf", tarball, "-C", work]);
  scratch = await scratchProject(tarball);
  server = await startTestServer({ RATE_LIMIT: "off" });
}, 240_000);

afterAll(async () => {
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/**
 * The scratch project, installed once per tarball: the same bytes (pnpm packs reproducibly)
 * reuse the install, so CI's second pass (Postgres) does not download again.
 */
async function scratchProject(tgz: string): Promise<string> {
  const hash = createHash("sha256")
    .update(await readFile(tgz))
    .digest("hex")
    .slice(0, 16);
  const dir = join(tmpdir(), `keyway-client-scratch-${hash}`);
  const ready = join(dir, ".installed");
  if (!existsSync(ready)) {
    // Installs of earlier builds are of no more use.
    for (const old of await readdir(tmpdir())) {
      if (old.startsWith("keyway-client-scratch-"))
        await rm(join(tmpdir(), old), { recursive: true, force: true });
    }
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, "package.json"),
      `${JSON.stringify({ name: "keyway-client-scratch", private: true, type: "module" }, null, 2)}\n`,
    );
    const local = join(dir, "keyway-client.tgz");
    await cp(tgz, local);
    await run(
      "npm",
      [
        "install",
        local,
        "typescript@5.9.3",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        "--loglevel=error",
      ],
      { cwd: dir },
    );
    await writeFile(ready, "");
  }
  await cp(fixtures, dir, { recursive: true });
  return dir;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

function runScript(file: string) {
  return run("node", [file], {
    cwd: scratch,
    env: { ...process.env, KEYWAY_URL: server.url, KEYWAY_API_KEY: apiKey },
  });
}

describe("the packed @keyway/client", () => {
  it("ships only its build, README and manifest, with no workspace package inside", async () => {
    const files = await filesUnder(join(work, "package"));
    // CHANGELOG.md once `changeset version` has written one.
    const changelog = existsSync(join(packageDir, "CHANGELOG.md")) ? ["CHANGELOG.md"] : [];
    expect(files.sort()).toEqual(
      [
        ...changelog,
        "README.md",
        "dist/index.cjs",
        "dist/index.d.cts",
        "dist/index.d.ts",
        "dist/index.js",
        "package.json",
      ].sort(),
    );
    for (const file of files.filter((f) => f !== "package.json")) {
      const text = await readFile(join(work, "package", file), "utf8");
      expect(text, file).not.toMatch(/@keyway\/(api|schema|core|db)/);
    }
    // The declarations import only tRPC: the router's types are written out in full.
    for (const file of ["dist/index.d.ts", "dist/index.d.cts"]) {
      const text = await readFile(join(work, "package", file), "utf8");
      const imported = [...text.matchAll(/from "([^"]+)"|import\("([^"]+)"\)/g)].map((m) => m[1] ?? m[2]);
      expect(new Set(imported), file).toEqual(new Set(["@trpc/client", "@trpc/server"]));
    }

    const manifest = JSON.parse(await readFile(join(work, "package/package.json"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(manifest).not.toHaveProperty("private");
    expect(Object.keys(manifest.dependencies as object).sort()).toEqual([
      "@noble/curves",
      "@trpc/client",
      "@trpc/server",
      "zod",
    ]);
    // The shipped manifest names no workspace package: the root .pnpmfile.cjs drops the
    // devDependencies and scripts that exist only here.
    expect(manifest).not.toHaveProperty("devDependencies");
    expect(manifest).not.toHaveProperty("scripts");
    expect(JSON.stringify(manifest)).not.toMatch(/@keyway\/(api|schema|core|db)|workspace:/);
  });

  it("typechecks a team's code against the tarball alone, refusing a misspelled procedure and a wrong input", async () => {
    // tsc fails on any unused `@ts-expect-error` in list-licenses.ts, so the refusals are checked too.
    const tsc = join(scratch, "node_modules/typescript/bin/tsc");
    const result = await run("node", [tsc, "-p", "."], { cwd: scratch }).catch(
      (e: { stdout: string; stderr: string }) => ({ stdout: e.stdout, stderr: e.stderr, failed: true }),
    );
    expect(result).toMatchObject({ stdout: "", stderr: "" });
    expect(existsSync(join(scratch, "out/list-licenses.js"))).toBe(true);
    expect(existsSync(join(scratch, "out/first-key.cjs"))).toBe(true);
  }, 120_000);

  it("prints a license key from a live server, from ESM TypeScript and from plain CommonJS", async () => {
    const page = await createKeywayClient({ url: server.url, apiKey }).license.list.query({ limit: 5 });
    const expected = page.items[0]?.key;
    expect(expected).toBeTruthy();

    const esm = await runScript("out/list-licenses.js");
    expect(esm.stdout.trim()).toBe(`license key: ${expected}`);
    const cjs = await runScript("list-licenses.cjs");
    expect(cjs.stdout.trim()).toBe(`license key: ${expected}`);

    const typedCjs = await run(
      "node",
      [
        "-e",
        "require('./out/first-key.cjs').firstKey(process.argv[1], process.argv[2]).then(console.log)",
        server.url,
        apiKey,
      ],
      { cwd: scratch },
    );
    expect(typedCjs.stdout.trim()).toBe(expected);
  }, 120_000);
});
