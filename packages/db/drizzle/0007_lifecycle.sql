CREATE TABLE "customer_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"vendor_id" text NOT NULL,
	"customer_id" text,
	"license_id" text,
	"event_id" text NOT NULL,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"destination" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_messages_channel" CHECK ("customer_messages"."channel" in ('email','sms')),
	CONSTRAINT "customer_messages_status" CHECK ("customer_messages"."status" in ('pending','sent','failed'))
);
--> statement-breakpoint
ALTER TABLE "subscriptions" DROP CONSTRAINT "subscriptions_status";--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "expiry_strategy" text;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "grace_period_days" integer;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "clock_starts_at" text;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "expiry_strategy" text DEFAULT 'restrict' NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "grace_period_days" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "clock_starts_at" text DEFAULT 'purchase' NOT NULL;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "renewal_order_id" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "lifecycle_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "lifecycle_sent" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "clock_pending" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "lifecycle_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "lifecycle_sent" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "vendors" ADD COLUMN "reminders_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "vendors" ADD COLUMN "reminder_offsets_days" integer[] DEFAULT '{7,1}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_messages" ADD CONSTRAINT "customer_messages_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customer_messages_event_channel_key" ON "customer_messages" USING btree ("event_id","channel");--> statement-breakpoint
CREATE INDEX "customer_messages_due_idx" ON "customer_messages" USING btree ("next_attempt_at") WHERE "customer_messages"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "customer_messages_license_idx" ON "customer_messages" USING btree ("license_id","created_at");--> statement-breakpoint
CREATE INDEX "customer_messages_vendor_idx" ON "customer_messages" USING btree ("vendor_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_pending_expiry_idx" ON "orders" USING btree ("expires_at") WHERE "orders"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "subscriptions_lifecycle_due_idx" ON "subscriptions" USING btree ("lifecycle_due_at") WHERE "subscriptions"."lifecycle_due_at" is not null;--> statement-breakpoint
CREATE INDEX "licenses_lifecycle_due_idx" ON "licenses" USING btree ("lifecycle_due_at") WHERE "licenses"."lifecycle_due_at" is not null;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_expiry_strategy" CHECK ("plans"."expiry_strategy" is null or "plans"."expiry_strategy" in ('restrict','maintain'));--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_grace_period_days" CHECK ("plans"."grace_period_days" is null or "plans"."grace_period_days" between 0 and 365);--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_clock_starts_at" CHECK ("plans"."clock_starts_at" is null or "plans"."clock_starts_at" in ('purchase','first_activation'));--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_expiry_strategy" CHECK ("products"."expiry_strategy" in ('restrict','maintain'));--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_grace_period_days" CHECK ("products"."grace_period_days" between 0 and 365);--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_clock_starts_at" CHECK ("products"."clock_starts_at" in ('purchase','first_activation'));--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_status" CHECK ("subscriptions"."status" in ('pending','active','past_due','cancelled','expired'));--> statement-breakpoint
-- The scheduler's bookkeeping (lifecycle_due_at, lifecycle_sent) is not something a verification
-- reads: writing it must not make every process forget the license.
CREATE OR REPLACE FUNCTION keyway_licenses_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('keyway.last_seen_only', true) = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM keyway_notify_licenses(array(
    SELECT DISTINCT m FROM (
      SELECT o.id || ' ' || o.key AS m FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (to_jsonb(o) - '{last_verified_at,lifecycle_due_at,lifecycle_sent}'::text[])
        IS DISTINCT FROM (to_jsonb(n) - '{last_verified_at,lifecycle_due_at,lifecycle_sent}'::text[])
      UNION ALL
      SELECT n.id || ' ' || n.key FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE n.key IS DISTINCT FROM o.key
    ) AS changed));
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Whatever the write path (renewal, PATCH, a payment, an operator's UPDATE in psql), a new expiry
-- starts a new term: nothing is announced for it yet, and the scheduler looks at the license at
-- once (the epoch is "due now" for any clock). A change of state only asks it to look again.
CREATE OR REPLACE FUNCTION keyway_licenses_rearm() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.expires_at IS DISTINCT FROM OLD.expires_at THEN
    NEW.lifecycle_sent := '{}'::text[];
  END IF;
  NEW.lifecycle_due_at := CASE WHEN NEW.expires_at IS NULL THEN NULL ELSE 'epoch'::timestamptz END;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER licenses_rearm_insert BEFORE INSERT ON licenses
  FOR EACH ROW EXECUTE FUNCTION keyway_licenses_rearm();
--> statement-breakpoint
CREATE TRIGGER licenses_rearm_update BEFORE UPDATE OF expires_at, status ON licenses
  FOR EACH ROW
  WHEN (OLD.expires_at IS DISTINCT FROM NEW.expires_at OR OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION keyway_licenses_rearm();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION keyway_subscriptions_rearm() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.current_period_end IS DISTINCT FROM OLD.current_period_end THEN
    NEW.lifecycle_sent := '{}'::text[];
  END IF;
  NEW.lifecycle_due_at := CASE WHEN NEW.current_period_end IS NULL THEN NULL ELSE 'epoch'::timestamptz END;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER subscriptions_rearm_insert BEFORE INSERT ON subscriptions
  FOR EACH ROW EXECUTE FUNCTION keyway_subscriptions_rearm();
--> statement-breakpoint
CREATE TRIGGER subscriptions_rearm_update
  BEFORE UPDATE OF current_period_end, status, cancel_at_period_end ON subscriptions
  FOR EACH ROW
  WHEN (OLD.current_period_end IS DISTINCT FROM NEW.current_period_end
    OR OLD.status IS DISTINCT FROM NEW.status
    OR OLD.cancel_at_period_end IS DISTINCT FROM NEW.cancel_at_period_end)
  EXECUTE FUNCTION keyway_subscriptions_rearm();
--> statement-breakpoint
-- Existing data: what had already expired before the scheduler existed is not announced now
-- (a flood of old news); every license with an expiry still ahead is looked at once.
UPDATE licenses SET
  lifecycle_sent = CASE WHEN expires_at <= now() THEN '{expired,grace_ended}'::text[] ELSE '{}'::text[] END,
  lifecycle_due_at = CASE WHEN expires_at > now() THEN 'epoch'::timestamptz END
WHERE expires_at IS NOT NULL;
--> statement-breakpoint
UPDATE subscriptions SET lifecycle_due_at = 'epoch'::timestamptz
WHERE current_period_end IS NOT NULL AND status IN ('active', 'past_due');
