import type { Database } from "@keyway/db";
import { createSecretBox } from "../../src/shared/secrets";
import { createWebhookEndpoint } from "../../src/webhooks/create-webhook-endpoint";
import { deleteWebhookEndpoint } from "../../src/webhooks/delete-webhook-endpoint";
import { listWebhookEndpoints } from "../../src/webhooks/list-webhook-endpoints";

export const secrets = createSecretBox("webhook-tests-server-key");
export const devPolicy = { allowPrivate: true } as const;

/** A movable clock: tests advance it instead of sleeping through retry delays. */
export function fakeClock(start = new Date()) {
  let now = new Date(start.getTime());
  return {
    now: () => new Date(now.getTime()),
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    set(date: Date) {
      now = new Date(date.getTime());
    },
  };
}

export async function createEndpoint(
  db: Database,
  vendorId: string,
  url: string,
  options: { format?: "native" | "biznoq"; events?: string[]; now?: Date } = {},
) {
  return createWebhookEndpoint(db, {
    vendorId,
    url,
    format: options.format ?? "native",
    events: options.events ?? [],
    secrets,
    urlPolicy: devPolicy,
    ...(options.now ? { now: options.now } : {}),
  });
}

/** Soft-deletes every endpoint of the vendor, so the next test starts with none. */
export async function removeEndpoints(db: Database, vendorId: string) {
  for (const endpoint of (await listWebhookEndpoints(db, { vendorId })).items)
    await deleteWebhookEndpoint(db, { vendorId, id: endpoint.id });
}

export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
