-- Seat settings (migration 0010) are part of every cached verification answer (a floating seat's
-- window, the vendor's development domains): a change of them flushes the verification caches as
-- a change of name or expiry policy does. 0008's trigger with those columns added.
DROP TRIGGER IF EXISTS products_notify_change ON products;
--> statement-breakpoint
CREATE TRIGGER products_notify_change
  AFTER UPDATE OF vendor_id, kind, number, name, version, key_format, binding_kind, archived_at,
    expiry_strategy, grace_period_days, clock_starts_at, seat_mode, heartbeat_seconds,
    dev_domain_patterns OR DELETE ON products
  FOR EACH STATEMENT EXECUTE FUNCTION keyway_catalog_changed();
