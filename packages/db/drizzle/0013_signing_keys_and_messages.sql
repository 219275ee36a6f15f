CREATE TABLE "message_templates" (
	"vendor_id" text NOT NULL,
	"kind" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"subject" text,
	"text_body" text,
	"html_body" text,
	"sms_body" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_templates_vendor_id_kind_pk" PRIMARY KEY("vendor_id","kind")
);
--> statement-breakpoint
CREATE TABLE "signing_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"vendor_id" text NOT NULL,
	"algorithm" text DEFAULT 'Ed25519' NOT NULL,
	"public_key" text NOT NULL,
	"private_key_encrypted" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rotated_at" timestamp with time zone,
	"retired_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "signing_keys_status" CHECK ("signing_keys"."status" in ('active','rotated','retired','revoked'))
);
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "certificate_ttl_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "reminders_unsubscribed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customer_messages" ADD COLUMN "html_body" text;--> statement-breakpoint
ALTER TABLE "customer_messages" ADD COLUMN "reply_to" text;--> statement-breakpoint
ALTER TABLE "customer_messages" ADD COLUMN "from_name" text;--> statement-breakpoint
ALTER TABLE "customer_messages" ADD COLUMN "unsubscribe_url" text;--> statement-breakpoint
ALTER TABLE "vendors" ADD COLUMN "support_email" text;--> statement-breakpoint
ALTER TABLE "vendors" ADD COLUMN "brand_color" text;--> statement-breakpoint
ALTER TABLE "vendors" ADD COLUMN "brand_logo_url" text;--> statement-breakpoint
ALTER TABLE "vendors" ADD COLUMN "messages_to_both" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "message_templates" ADD CONSTRAINT "message_templates_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing_keys" ADD CONSTRAINT "signing_keys_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "signing_keys_one_active" ON "signing_keys" USING btree ("vendor_id") WHERE "signing_keys"."status" = 'active';--> statement-breakpoint
CREATE INDEX "signing_keys_vendor_idx" ON "signing_keys" USING btree ("vendor_id","created_at");--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_certificate_ttl_days" CHECK ("products"."certificate_ttl_days" between 1 and 3650);--> statement-breakpoint
ALTER TABLE "vendors" ADD CONSTRAINT "vendors_brand_color" CHECK ("vendors"."brand_color" is null or "vendors"."brand_color" ~ '^#[0-9a-fA-F]{6}$');--> statement-breakpoint
-- Each vendor's existing key becomes its first active key; kid = RFC 7638 JWK thumbprint.
INSERT INTO "signing_keys" ("id", "vendor_id", "public_key", "private_key_encrypted", "created_at")
SELECT rtrim(translate(encode(sha256(convert_to(
         '{"crv":"Ed25519","kty":"OKP","x":"' || "signing_public_key" || '"}', 'UTF8')), 'base64'), '+/', '-_'), '='),
       "id", "signing_public_key", "signing_private_key_encrypted", "created_at"
FROM "vendors"
WHERE "signing_public_key" IS NOT NULL AND "signing_private_key_encrypted" IS NOT NULL;
--> statement-breakpoint
-- Every process keeps its vendors' signers in memory: a rotation, retirement or revocation tells
-- them all (payload: the vendor id) so no process signs with a key that no longer should.
CREATE OR REPLACE FUNCTION keyway_signing_keys_changed() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('keyway_signing_keys', COALESCE(NEW.vendor_id, OLD.vendor_id));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER signing_keys_notify_change
  AFTER INSERT OR UPDATE OR DELETE ON "signing_keys"
  FOR EACH ROW EXECUTE FUNCTION keyway_signing_keys_changed();
