import { getRenewalOptions } from "@keyway/core";
import { RenewalOptions } from "@keyway/schema";
import { z } from "zod";
import { publicProcedure } from "../../procedures";

/** The renewal page (`/renew?key=…`, where Blenddoit's `payment_page_url` points). */
export const getRenewalOptionsProcedure = publicProcedure
  .input(z.object({ licenseKey: z.string().trim().min(1).max(128) }))
  .output(RenewalOptions)
  .query(({ ctx, input }) => getRenewalOptions(ctx.db, { licenseKey: input.licenseKey }));
