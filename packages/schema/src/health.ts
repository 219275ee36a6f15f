import { z } from "zod";

/** `GET /api/v1/health`: the process answers, and which database it runs on. */
export const Health = z.object({
  status: z.enum(["ok"]),
  database: z.enum(["pglite", "postgres"]),
  migrations: z.object({
    applied: z.number().meta({ example: 12 }),
    available: z.number().meta({ example: 12 }),
    upToDate: z.boolean(),
  }),
});
export type Health = z.infer<typeof Health>;
