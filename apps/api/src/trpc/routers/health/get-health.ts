import { migrationState } from "@keyway/db";
import { Health, NoInput } from "@keyway/schema";
import { publicProcedure } from "../../procedures";

export const getHealth = publicProcedure
  .meta({
    openapi: { method: "GET", path: "/health", tags: ["health"], summary: "Service health", protect: false },
  })
  .input(NoInput)
  .output(Health)
  .query(async ({ ctx }) => ({
    status: "ok" as const,
    database: ctx.dbHandle.kind,
    migrations: await migrationState(ctx.db),
  }));
