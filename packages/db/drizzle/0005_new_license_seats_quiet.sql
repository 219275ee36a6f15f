-- A seat inserted with its license in the same transaction (an order that binds a serial or
-- domain at purchase) sends no license-change message: no cache can hold a license that did not
-- exist before this transaction (caches do not keep misses). Every NOTIFY makes its transaction
-- take Postgres's global notify-queue lock through its commit and WAL flush, so one NOTIFY per
-- order capped order creation near the disk's flush rate.
-- "Created in this transaction" is read from xmin = the top-level transaction id. xmin is also
-- the current id for a row UPDATEd in this transaction, so the update trigger now reports any
-- change but last_verified_at (updated_at included): such a license is then forgotten by the
-- update's own message. Inside a savepoint xmin differs and the seat's message is sent anyway.
CREATE OR REPLACE FUNCTION keyway_seats_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM keyway_notify_licenses(array(
    SELECT l.id || ' ' || l.key FROM licenses l
    WHERE l.id IN (SELECT license_id FROM new_rows)
      AND l.xmin::text::bigint <> txid_current() % 4294967296));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION keyway_licenses_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('keyway.last_seen_only', true) = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM keyway_notify_licenses(array(
    SELECT DISTINCT m FROM (
      SELECT o.id || ' ' || o.key AS m FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (to_jsonb(o) - 'last_verified_at') IS DISTINCT FROM (to_jsonb(n) - 'last_verified_at')
      UNION ALL
      SELECT n.id || ' ' || n.key FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE n.key IS DISTINCT FROM o.key
    ) AS changed));
  RETURN NULL;
END $$;
