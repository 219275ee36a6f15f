ALTER TABLE "orders" ADD COLUMN "duration_value" integer;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "duration_unit" text;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_duration" CHECK ("orders"."duration_value" >= 1);--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_duration_unit" CHECK ("orders"."duration_unit" in ('hour','day','week','month','year'));--> statement-breakpoint
-- Orders still open when the term began to be stored get the term paying them would have granted.
UPDATE "orders" SET "duration_value" = "plan_prices"."duration_value", "duration_unit" = "plan_prices"."duration_unit"
FROM "plan_prices"
WHERE "orders"."status" = 'pending' AND "orders"."kind" = 'renewal'
  AND "plan_prices"."plan_id" = "orders"."plan_id"
  AND "plan_prices"."billing_cycle" = coalesce("orders"."billing_cycle", 'monthly');--> statement-breakpoint
UPDATE "orders" SET "duration_value" = "products"."duration_value", "duration_unit" = "products"."duration_unit"
FROM "products"
WHERE "orders"."status" = 'pending' AND "orders"."kind" = 'renewal' AND "orders"."duration_value" IS NULL
  AND "products"."id" = "orders"."product_id" AND "products"."duration_value" IS NOT NULL;--> statement-breakpoint
UPDATE "orders" SET "duration_value" = "licenses"."duration_value", "duration_unit" = "licenses"."duration_unit"
FROM "licenses"
WHERE "orders"."status" = 'pending' AND "orders"."kind" IN ('renewal', 'addon', 'subscription')
  AND "orders"."duration_value" IS NULL AND "licenses"."id" = "orders"."license_id";
