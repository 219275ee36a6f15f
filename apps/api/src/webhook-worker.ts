import { createWebhookWorker, type WebhookWorker } from "@keyway/core";
import type { AppDeps } from "./deps";

interface ErrorLog {
  error(obj: unknown, msg?: string): void;
}

/** The outbox delivery loop with the host's settings; runs in the API process or in `pnpm worker`. */
export async function startWebhookWorker(deps: AppDeps, log: ErrorLog): Promise<WebhookWorker> {
  const worker = createWebhookWorker({
    db: deps.db,
    secrets: deps.secrets,
    allowPrivateUrls: deps.config.allowPrivateWebhookUrls,
    timeoutMs: deps.config.WEBHOOK_TIMEOUT_MS,
    listen: deps.dbHandle.listen,
    onError: (err) => log.error({ err }, "webhook worker error"),
  });
  await worker.start();
  return worker;
}
