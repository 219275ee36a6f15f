import {
  createSandboxGateway,
  createSecretBox,
  runScheduler,
  SCHEDULER_DUTY_CYCLE,
  WORKER_BATCH_SIZE,
} from "@keyway/core";
import { createDb, sql } from "@keyway/db";

/**
 * One scheduler run in its own process, as a `pnpm worker` runs it: the load generator in the
 * bench process must not share an event loop with the sweep. Prints `{ ms, events }`.
 */
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error("DATABASE_URL is required");
const handle = await createDb({ databaseUrl, max: 4 });
const publicUrl = "http://127.0.0.1";
const orderSettings = {
  // No provider accounts: renewal orders open on the sandbox, as in development.
  accounts: {
    sandbox: createSandboxGateway(publicUrl),
    server: {},
    build: () => ({}),
    secrets: createSecretBox("bench"),
  },
  sandbox: "stand-in" as const,
  publicUrl,
  ttlMinutes: 60,
};
// Connected (postgres.js connects on the first query): the parent starts its load now, so
// that the load covers the whole sweep.
await handle.db.execute(sql`select 1`);
process.stdout.write("ready\n");
const started = performance.now();
// Paced as the worker's scheduler is (createScheduler).
const run = await runScheduler(handle.db, {
  now: new Date(),
  orderSettings,
  batchSize: WORKER_BATCH_SIZE,
  dutyCycle: SCHEDULER_DUTY_CYCLE,
});
const ms = performance.now() - started;
await handle.close();
process.stdout.write(`${JSON.stringify({ ms, events: run.events })}\n`);
