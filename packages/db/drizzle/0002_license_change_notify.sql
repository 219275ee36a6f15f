-- Verification caches (packages/core/src/licensing/verification-cache.ts) forget a license when
-- Postgres says it changed. Triggers, not application code, send the message, so no write path
-- (present, future, or an operator's UPDATE in psql) can change a license without telling every
-- process. Payload: '<license id> <key>' for one license, '*' for "forget everything".
-- `last_verified_at` and `updated_at` are left out: the batched last-seen writes must not flush caches.
CREATE OR REPLACE FUNCTION keyway_notify_license_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM pg_notify('keyway_license_changes', OLD.id || ' ' || OLD.key);
  END IF;
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.key IS DISTINCT FROM OLD.key) THEN
    PERFORM pg_notify('keyway_license_changes', NEW.id || ' ' || NEW.key);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION keyway_notify_seat_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed record;
BEGIN
  FOR changed IN
    SELECT l.id, l.key FROM licenses l
    WHERE l.id IN (
      (CASE WHEN TG_OP <> 'INSERT' THEN OLD.license_id END),
      (CASE WHEN TG_OP <> 'DELETE' THEN NEW.license_id END))
  LOOP
    PERFORM pg_notify('keyway_license_changes', changed.id || ' ' || changed.key);
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION keyway_notify_catalog_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('keyway_license_changes', '*');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER licenses_notify_change
  AFTER UPDATE ON licenses
  FOR EACH ROW
  WHEN ((to_jsonb(OLD) - '{last_verified_at,updated_at}'::text[]) IS DISTINCT FROM (to_jsonb(NEW) - '{last_verified_at,updated_at}'::text[]))
  EXECUTE FUNCTION keyway_notify_license_change();
--> statement-breakpoint
CREATE TRIGGER licenses_notify_delete
  AFTER DELETE ON licenses
  FOR EACH ROW
  EXECUTE FUNCTION keyway_notify_license_change();
--> statement-breakpoint
CREATE TRIGGER activations_notify_insert_delete
  AFTER INSERT OR DELETE ON activations
  FOR EACH ROW
  EXECUTE FUNCTION keyway_notify_seat_change();
--> statement-breakpoint
CREATE TRIGGER activations_notify_update
  AFTER UPDATE ON activations
  FOR EACH ROW
  WHEN ((to_jsonb(OLD) - '{last_verified_at}'::text[]) IS DISTINCT FROM (to_jsonb(NEW) - '{last_verified_at}'::text[]))
  EXECUTE FUNCTION keyway_notify_seat_change();
--> statement-breakpoint
CREATE TRIGGER products_notify_change
  AFTER UPDATE OF vendor_id, kind, number, name, version, key_format, binding_kind, archived_at OR DELETE ON products
  FOR EACH STATEMENT
  EXECUTE FUNCTION keyway_notify_catalog_change();
--> statement-breakpoint
CREATE TRIGGER plans_notify_change
  AFTER UPDATE OF number, name OR DELETE ON plans
  FOR EACH STATEMENT
  EXECUTE FUNCTION keyway_notify_catalog_change();
--> statement-breakpoint
CREATE TRIGGER vendors_notify_change
  AFTER UPDATE OF slug, timezone OR DELETE ON vendors
  FOR EACH STATEMENT
  EXECUTE FUNCTION keyway_notify_catalog_change();
