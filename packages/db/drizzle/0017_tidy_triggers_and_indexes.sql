-- A vendor's customers are found through the leading vendor_id of customers_vendor_email_key or
-- customers_vendor_phone_key (every customer row is in both): an index on vendor_id alone was one
-- more entry written for every new customer and read by nothing the others could not serve.
DROP INDEX "customers_vendor_idx";
--> statement-breakpoint
-- The change triggers of 0007 and 0010 without what 0016 made dead: nothing sets
-- `keyway.last_seen_only` since last-seen times moved to `last_verified`, and the wide rows no
-- longer have a `last_verified_at` to leave out of the comparison.
CREATE OR REPLACE FUNCTION keyway_licenses_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM keyway_notify_licenses(array(
    SELECT DISTINCT m FROM (
      SELECT o.id || ' ' || o.key AS m FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (to_jsonb(o) - '{lifecycle_due_at,lifecycle_sent}'::text[])
        IS DISTINCT FROM (to_jsonb(n) - '{lifecycle_due_at,lifecycle_sent}'::text[])
      UNION ALL
      SELECT n.id || ' ' || n.key FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE n.key IS DISTINCT FROM o.key
    ) AS changed));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION keyway_seats_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM keyway_notify_licenses(array(
    SELECT l.id || ' ' || l.key FROM licenses l WHERE l.id IN (
      SELECT o.license_id FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (to_jsonb(o) - 'heartbeat_at') IS DISTINCT FROM (to_jsonb(n) - 'heartbeat_at')
      UNION
      SELECT n.license_id FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE n.license_id IS DISTINCT FROM o.license_id)));
  RETURN NULL;
END $$;
