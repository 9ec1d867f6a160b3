ALTER TABLE "receptions" ADD COLUMN "delivered_weight_grams" integer;--> statement-breakpoint
CREATE INDEX "stock_movements_org_at_idx" ON "stock_movements" USING btree ("organisation_id","at");--> statement-breakpoint
ALTER TABLE "receptions" ADD CONSTRAINT "receptions_weight_check" CHECK ("receptions"."delivered_weight_grams" is null or "receptions"."delivered_weight_grams" > 0);