import { migrationState } from "@keyway/db";
import { z } from "zod";
import { publicProcedure } from "../../procedures";

export const HealthOutput = z.object({
  status: z.enum(["ok"]),
  database: z.enum(["pglite", "postgres"]),
  migrations: z.object({ applied: z.number(), available: z.number(), upToDate: z.boolean() }),
});

export const getHealth = publicProcedure
  .meta({
    openapi: { method: "GET", path: "/health", tags: ["health"], summary: "Service health", protect: false },
  })
  .input(z.void())
  .output(HealthOutput)
  .query(async ({ ctx }) => ({
    status: "ok" as const,
    database: ctx.dbHandle.kind,
    migrations: await migrationState(ctx.db),
  }));
