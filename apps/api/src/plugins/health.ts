import { migrationState } from "@keyway/db";
import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../deps";

/** GET /healthz: 200 with the database kind and migration state, 503 when the database is unreachable. */
export async function healthPlugin(app: FastifyInstance, deps: AppDeps) {
  app.get("/healthz", async (_req, reply) => {
    try {
      const migrations = await migrationState(deps.db);
      return reply.code(migrations.upToDate ? 200 : 503).send({
        status: migrations.upToDate ? "ok" : "migrations_pending",
        database: deps.dbHandle.kind,
        migrations,
      });
    } catch (err) {
      app.log.warn({ err }, "health check: database unreachable");
      return reply.code(503).send({ status: "unavailable", database: deps.dbHandle.kind });
    }
  });
}
