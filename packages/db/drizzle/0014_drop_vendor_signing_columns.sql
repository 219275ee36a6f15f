ALTER TABLE "vendors" DROP COLUMN "signing_public_key";--> statement-breakpoint
ALTER TABLE "vendors" DROP COLUMN "signing_private_key_encrypted";