import { verificationCacheOf } from "@keyway/core";
import { migrationState } from "@keyway/db";
import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../deps";
import { safeError } from "../http/error-log";

/**
 * GET /healthz: 200 with the database kind, migration state and verification cache figures, 503
 * when the database is unreachable.
 */
export async function healthPlugin(app: FastifyInstance, deps: AppDeps) {
  app.get("/healthz", async (request, reply) => {
    try {
      const migrations = await migrationState(deps.db);
      return reply.code(migrations.upToDate ? 200 : 503).send({
        status: migrations.upToDate ? "ok" : "migrations_pending",
        database: deps.dbHandle.kind,
        migrations,
        verificationCache: verificationCacheOf(deps.db)?.stats() ?? null,
      });
    } catch (err) {
      request.log.warn({ error: safeError(err) }, "health check: database unreachable");
      return reply.code(503).send({ status: "unavailable", database: deps.dbHandle.kind });
    }
  });
}
