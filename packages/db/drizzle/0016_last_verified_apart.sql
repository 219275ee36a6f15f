-- `last_verified_at` of licenses and seats moves to a narrow table of its own (schema/licenses.ts,
-- `last_verified`). The batched last-seen writes were the one cost of verification that grew with
-- the catalog: at 1M licenses, updating the wide license and seat rows cost Postgres ~120 µs a
-- verification (each first write to a page after a checkpoint logs the whole 8 KB page), an
-- upsert of two narrow rows ~25 µs. The change triggers ignored these columns already.
CREATE TABLE "last_verified" (
	"id" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
INSERT INTO "last_verified" ("id", "at")
  SELECT "id", "last_verified_at" FROM "licenses" WHERE "last_verified_at" IS NOT NULL
  UNION ALL
  SELECT "id", "last_verified_at" FROM "activations" WHERE "last_verified_at" IS NOT NULL;
--> statement-breakpoint
ALTER TABLE "activations" DROP COLUMN "last_verified_at";--> statement-breakpoint
ALTER TABLE "licenses" DROP COLUMN "last_verified_at";
