-- The batched last-seen writes (packages/core/src/licensing/last-verified.ts) change only
-- last_verified_at, which the change triggers of 0002 ignore anyway; but those triggers still
-- compared every old and new row as JSON to find that out: ~28 µs a row, a third of Postgres's
-- CPU under a verification load. The flush marks its transaction with
-- `set_config('keyway.last_seen_only', 'on', true)` and the triggers return at once.
-- Only that flush sets the mark, and only for its own transaction (is_local).
CREATE OR REPLACE FUNCTION keyway_licenses_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('keyway.last_seen_only', true) = 'on' THEN
    RETURN NULL;
  END IF;
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
CREATE OR REPLACE FUNCTION keyway_seats_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('keyway.last_seen_only', true) = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM keyway_notify_licenses(array(
    SELECT l.id || ' ' || l.key FROM licenses l WHERE l.id IN (
      SELECT o.license_id FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (to_jsonb(o) - 'last_verified_at') IS DISTINCT FROM (to_jsonb(n) - 'last_verified_at')
      UNION
      SELECT n.license_id FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE n.license_id IS DISTINCT FROM o.license_id)));
  RETURN NULL;
END $$;
