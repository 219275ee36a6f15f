-- A verification answers by the license's expiry policy (its product's, overridden by its plan),
-- which every process's verification cache holds in its snapshots: a change of policy must flush
-- them as a change of name does. Same triggers as 0002, with the policy columns added.
DROP TRIGGER IF EXISTS products_notify_change ON products;
--> statement-breakpoint
CREATE TRIGGER products_notify_change
  AFTER UPDATE OF vendor_id, kind, number, name, version, key_format, binding_kind, archived_at,
    expiry_strategy, grace_period_days, clock_starts_at OR DELETE ON products
  FOR EACH STATEMENT EXECUTE FUNCTION keyway_catalog_changed();
--> statement-breakpoint
DROP TRIGGER IF EXISTS plans_notify_change ON plans;
--> statement-breakpoint
CREATE TRIGGER plans_notify_change
  AFTER UPDATE OF number, name, expiry_strategy, grace_period_days, clock_starts_at OR DELETE ON plans
  FOR EACH STATEMENT EXECUTE FUNCTION keyway_catalog_changed();
