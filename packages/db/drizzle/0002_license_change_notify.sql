-- Verification caches (packages/core/src/licensing/verification-cache.ts) forget a license when
-- Postgres says it changed. Triggers, not application code, send the message, so no write path
-- (present, future, or an operator's UPDATE in psql) can change a license without telling every
-- process. Payload: '<license id> <key>' for one license, '*' for "forget everything" (a catalog
-- change, or a statement touching more than 1,000 licenses, where one flush beats a flood).
-- Statement-level with transition tables, so a bulk statement costs one trigger call.
-- `last_verified_at` and `updated_at` are left out: the batched last-seen writes must not flush caches.
CREATE OR REPLACE FUNCTION keyway_notify_licenses(messages text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF messages IS NULL OR cardinality(messages) = 0 THEN
    RETURN;
  END IF;
  IF cardinality(messages) > 1000 THEN
    PERFORM pg_notify('keyway_license_changes', '*');
    RETURN;
  END IF;
  PERFORM pg_notify('keyway_license_changes', m) FROM unnest(messages) AS m;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION keyway_licenses_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM keyway_notify_licenses(array(
    SELECT DISTINCT m FROM (
      SELECT o.id || ' ' || o.key AS m FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (to_jsonb(o) - '{last_verified_at,updated_at}'::text[])
        IS DISTINCT FROM (to_jsonb(n) - '{last_verified_at,updated_at}'::text[])
      UNION ALL
      SELECT n.id || ' ' || n.key FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE n.key IS DISTINCT FROM o.key
    ) AS changed));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION keyway_licenses_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM keyway_notify_licenses(array(SELECT DISTINCT o.id || ' ' || o.key FROM old_rows o));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION keyway_seats_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM keyway_notify_licenses(array(
    SELECT l.id || ' ' || l.key FROM licenses l WHERE l.id IN (SELECT license_id FROM new_rows)));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION keyway_seats_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM keyway_notify_licenses(array(
    SELECT l.id || ' ' || l.key FROM licenses l WHERE l.id IN (
      SELECT o.license_id FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (to_jsonb(o) - 'last_verified_at') IS DISTINCT FROM (to_jsonb(n) - 'last_verified_at')
      UNION
      SELECT n.license_id FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE n.license_id IS DISTINCT FROM o.license_id)));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION keyway_seats_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM keyway_notify_licenses(array(
    SELECT l.id || ' ' || l.key FROM licenses l WHERE l.id IN (SELECT license_id FROM old_rows)));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION keyway_catalog_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('keyway_license_changes', '*');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER licenses_notify_update AFTER UPDATE ON licenses
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION keyway_licenses_updated();
--> statement-breakpoint
CREATE TRIGGER licenses_notify_delete AFTER DELETE ON licenses
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION keyway_licenses_deleted();
--> statement-breakpoint
CREATE TRIGGER activations_notify_insert AFTER INSERT ON activations
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION keyway_seats_inserted();
--> statement-breakpoint
CREATE TRIGGER activations_notify_update AFTER UPDATE ON activations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION keyway_seats_updated();
--> statement-breakpoint
CREATE TRIGGER activations_notify_delete AFTER DELETE ON activations
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION keyway_seats_deleted();
--> statement-breakpoint
CREATE TRIGGER products_notify_change
  AFTER UPDATE OF vendor_id, kind, number, name, version, key_format, binding_kind, archived_at OR DELETE ON products
  FOR EACH STATEMENT EXECUTE FUNCTION keyway_catalog_changed();
--> statement-breakpoint
CREATE TRIGGER plans_notify_change
  AFTER UPDATE OF number, name OR DELETE ON plans
  FOR EACH STATEMENT EXECUTE FUNCTION keyway_catalog_changed();
--> statement-breakpoint
CREATE TRIGGER vendors_notify_change
  AFTER UPDATE OF slug, timezone OR DELETE ON vendors
  FOR EACH STATEMENT EXECUTE FUNCTION keyway_catalog_changed();
