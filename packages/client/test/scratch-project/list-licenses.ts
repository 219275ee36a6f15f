// A team's ESM TypeScript file, typechecked against the installed tarball only (no workspace).
import { createKeywayClient, type KeywayClient } from "@keyway/client";

declare const process: { env: Record<string, string | undefined> };

const keyway: KeywayClient = createKeywayClient({
  url: process.env.KEYWAY_URL ?? "",
  apiKey: process.env.KEYWAY_API_KEY ?? "",
});

const page = await keyway.license.list.query({ limit: 5 });
const key: string | undefined = page.items[0]?.key;
console.log(`license key: ${key}`);

// The answer is typed, not `any`:
// @ts-expect-error a license key is a string
const wrong: number | undefined = page.items[0]?.key;
// @ts-expect-error a misspelled procedure does not exist
await keyway.license.lsit.query({ limit: 5 }).catch(() => null);
// @ts-expect-error `status` is one of the license statuses
await keyway.license.list.query({ limit: 5, status: "lapsed" }).catch(() => null);

export { wrong };
