// A Node 20 CommonJS TypeScript project: `require` resolves to dist/index.cjs and its index.d.cts.
import { createKeywayClient } from "@keyway/client";

export async function firstKey(url: string, apiKey: string): Promise<string | undefined> {
  const page = await createKeywayClient({ url, apiKey }).license.list.query({ limit: 5 });
  return page.items[0]?.key;
}
