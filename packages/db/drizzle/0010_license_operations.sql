CREATE TABLE "entitlements" (
	"id" text PRIMARY KEY NOT NULL,
	"vendor_id" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "license_entitlements" (
	"license_id" text NOT NULL,
	"entitlement_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "license_entitlements_license_id_entitlement_id_pk" PRIMARY KEY("license_id","entitlement_id")
);
--> statement-breakpoint
CREATE TABLE "plan_entitlements" (
	"plan_id" text NOT NULL,
	"entitlement_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_entitlements_plan_id_entitlement_id_pk" PRIMARY KEY("plan_id","entitlement_id")
);
--> statement-breakpoint
CREATE TABLE "product_entitlements" (
	"product_id" text NOT NULL,
	"entitlement_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_entitlements_product_id_entitlement_id_pk" PRIMARY KEY("product_id","entitlement_id")
);
--> statement-breakpoint
CREATE TABLE "product_images" (
	"product_id" text PRIMARY KEY NOT NULL,
	"vendor_id" text NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"byte_size" integer NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "seat_mode" text DEFAULT 'node_locked' NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "heartbeat_seconds" integer;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "dev_domain_patterns" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "activations" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "activations" ADD COLUMN "dead_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "metadata" jsonb;--> statement-breakpoint
ALTER TABLE "entitlements" ADD CONSTRAINT "entitlements_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_entitlements" ADD CONSTRAINT "license_entitlements_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_entitlements" ADD CONSTRAINT "license_entitlements_entitlement_id_entitlements_id_fk" FOREIGN KEY ("entitlement_id") REFERENCES "public"."entitlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_entitlements" ADD CONSTRAINT "plan_entitlements_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_entitlements" ADD CONSTRAINT "plan_entitlements_entitlement_id_entitlements_id_fk" FOREIGN KEY ("entitlement_id") REFERENCES "public"."entitlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_entitlements" ADD CONSTRAINT "product_entitlements_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_entitlements" ADD CONSTRAINT "product_entitlements_entitlement_id_entitlements_id_fk" FOREIGN KEY ("entitlement_id") REFERENCES "public"."entitlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_images" ADD CONSTRAINT "product_images_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_images" ADD CONSTRAINT "product_images_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "entitlements_vendor_code_key" ON "entitlements" USING btree ("vendor_id","code");--> statement-breakpoint
CREATE INDEX "license_entitlements_entitlement_idx" ON "license_entitlements" USING btree ("entitlement_id");--> statement-breakpoint
CREATE INDEX "plan_entitlements_entitlement_idx" ON "plan_entitlements" USING btree ("entitlement_id");--> statement-breakpoint
CREATE INDEX "product_entitlements_entitlement_idx" ON "product_entitlements" USING btree ("entitlement_id");--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_seat_mode" CHECK ("products"."seat_mode" in ('node_locked','floating'));--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_heartbeat_seconds" CHECK ("products"."heartbeat_seconds" is null or "products"."heartbeat_seconds" between 10 and 604800);--> statement-breakpoint
-- A heartbeat is a last-seen write: like last_verified_at it must not make every process forget
-- the license (a seat's death, dead_at, does).
CREATE OR REPLACE FUNCTION keyway_seats_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('keyway.last_seen_only', true) = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM keyway_notify_licenses(array(
    SELECT l.id || ' ' || l.key FROM licenses l WHERE l.id IN (
      SELECT o.license_id FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (to_jsonb(o) - '{last_verified_at,heartbeat_at}'::text[])
        IS DISTINCT FROM (to_jsonb(n) - '{last_verified_at,heartbeat_at}'::text[])
      UNION
      SELECT n.license_id FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE n.license_id IS DISTINCT FROM o.license_id)));
  RETURN NULL;
END $$;
--> statement-breakpoint
-- What a license grants is part of its verification answer: a change to an entitlement, or to what
-- a product or plan grants, forgets every cached answer (as a catalog change does); a grant to
-- one license forgets that license.
CREATE TRIGGER entitlements_notify_change
  AFTER UPDATE OR DELETE ON entitlements
  FOR EACH STATEMENT EXECUTE FUNCTION keyway_catalog_changed();
--> statement-breakpoint
CREATE TRIGGER product_entitlements_notify_change
  AFTER INSERT OR UPDATE OR DELETE ON product_entitlements
  FOR EACH STATEMENT EXECUTE FUNCTION keyway_catalog_changed();
--> statement-breakpoint
CREATE TRIGGER plan_entitlements_notify_change
  AFTER INSERT OR UPDATE OR DELETE ON plan_entitlements
  FOR EACH STATEMENT EXECUTE FUNCTION keyway_catalog_changed();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION keyway_license_grants_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM keyway_notify_licenses(array(
    SELECT l.id || ' ' || l.key FROM licenses l WHERE l.id IN (SELECT license_id FROM new_rows)));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION keyway_license_grants_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM keyway_notify_licenses(array(
    SELECT l.id || ' ' || l.key FROM licenses l WHERE l.id IN (SELECT license_id FROM old_rows)));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER license_entitlements_notify_insert AFTER INSERT ON license_entitlements
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION keyway_license_grants_inserted();
--> statement-breakpoint
CREATE TRIGGER license_entitlements_notify_delete AFTER DELETE ON license_entitlements
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION keyway_license_grants_deleted();
