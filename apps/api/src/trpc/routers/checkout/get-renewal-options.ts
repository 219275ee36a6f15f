import { getRenewalOptions } from "@keyway/core";
import { RenewalOptions, RenewalOptionsInput } from "@keyway/schema";
import { publicProcedure } from "../../procedures";

/** The renewal page (`/renew?key=…`, where Blenddoit's `payment_page_url` points). */
export const getRenewalOptionsProcedure = publicProcedure
  .input(RenewalOptionsInput)
  .output(RenewalOptions)
  .query(({ ctx, input }) => getRenewalOptions(ctx.db, { licenseKey: input.licenseKey }));
