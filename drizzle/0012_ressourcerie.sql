CREATE TYPE "public"."sale_kind" AS ENUM('epicerie', 'public');--> statement-breakpoint
CREATE TYPE "public"."reuse_channel" AS ENUM('don', 'partenaire', 'recyclage', 'dechet');--> statement-breakpoint
CREATE TYPE "public"."reuse_flux" AS ENUM('mobilier', 'deee', 'textile', 'livres', 'jouets', 'vaisselle', 'deco', 'sport', 'bricolage', 'autre');--> statement-breakpoint
CREATE TYPE "public"."reuse_item_movement_kind" AS ENUM('creation', 'sale', 'return', 'exit', 'move', 'correction');--> statement-breakpoint
CREATE TYPE "public"."reuse_item_weight_source" AS ENUM('weighed', 'average');--> statement-breakpoint
CREATE TYPE "public"."reuse_source" AS ENUM('apport', 'collecte', 'dechetterie', 'partenaire');--> statement-breakpoint
CREATE TYPE "public"."reuse_weight_method" AS ENUM('weighed', 'counted', 'item');--> statement-breakpoint
CREATE TABLE "reuse_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"flux" "reuse_flux" NOT NULL,
	"name" text NOT NULL,
	"eco_category" text,
	"average_weight_grams" integer NOT NULL,
	"price_grid" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reuse_categories_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "reuse_categories_org_name_key" UNIQUE("organisation_id","name"),
	CONSTRAINT "reuse_categories_weight_check" CHECK ("reuse_categories"."average_weight_grams" between 1 and 1000000)
);
--> statement-breakpoint
CREATE TABLE "reuse_containers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"tare_grams" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reuse_containers_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "reuse_containers_org_name_key" UNIQUE("organisation_id","name"),
	CONSTRAINT "reuse_containers_tare_check" CHECK ("reuse_containers"."tare_grams" between 0 and 1000000)
);
--> statement-breakpoint
CREATE TABLE "reuse_counters" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"last_item" integer DEFAULT 0 NOT NULL,
	"last_intake" integer DEFAULT 0 NOT NULL,
	"last_exit" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reuse_exit_lines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"exit_id" uuid NOT NULL,
	"flux" "reuse_flux" NOT NULL,
	"category_id" uuid,
	"method" "reuse_weight_method" NOT NULL,
	"item_id" uuid,
	"gross_grams" integer,
	"container_id" uuid,
	"tare_grams" integer DEFAULT 0 NOT NULL,
	"count" integer,
	"net_grams" integer NOT NULL,
	"correction_of" bigint,
	"user_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reuse_exit_lines_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "reuse_exit_lines_correction_key" UNIQUE("correction_of"),
	CONSTRAINT "reuse_exit_lines_weight_check" CHECK (("reuse_exit_lines"."correction_of" is not null and "reuse_exit_lines"."net_grams" <= 0) or ("reuse_exit_lines"."correction_of" is null and "reuse_exit_lines"."net_grams" > 0 and ("reuse_exit_lines"."method" <> 'weighed' or "reuse_exit_lines"."gross_grams" - "reuse_exit_lines"."tare_grams" = "reuse_exit_lines"."net_grams") and ("reuse_exit_lines"."method" = 'weighed' or "reuse_exit_lines"."count" > 0) and (("reuse_exit_lines"."method" = 'item') = ("reuse_exit_lines"."item_id" is not null))))
);
--> statement-breakpoint
CREATE TABLE "reuse_exits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"number" text NOT NULL,
	"site_id" uuid NOT NULL,
	"channel" "reuse_channel" NOT NULL,
	"recipient" text,
	"note" text,
	"created_by" uuid NOT NULL,
	"device_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reuse_exits_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "reuse_exits_org_number_key" UNIQUE("organisation_id","number")
);
--> statement-breakpoint
CREATE TABLE "reuse_intake_lines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"intake_id" uuid NOT NULL,
	"flux" "reuse_flux" NOT NULL,
	"category_id" uuid,
	"method" "reuse_weight_method" NOT NULL,
	"gross_grams" integer,
	"container_id" uuid,
	"tare_grams" integer DEFAULT 0 NOT NULL,
	"count" integer,
	"net_grams" integer NOT NULL,
	"correction_of" bigint,
	"user_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reuse_intake_lines_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "reuse_intake_lines_correction_key" UNIQUE("correction_of"),
	CONSTRAINT "reuse_intake_lines_weight_check" CHECK (("reuse_intake_lines"."correction_of" is not null and "reuse_intake_lines"."net_grams" <= 0) or ("reuse_intake_lines"."correction_of" is null and "reuse_intake_lines"."net_grams" > 0 and ("reuse_intake_lines"."method" <> 'weighed' or "reuse_intake_lines"."gross_grams" - "reuse_intake_lines"."tare_grams" = "reuse_intake_lines"."net_grams") and ("reuse_intake_lines"."method" <> 'counted' or "reuse_intake_lines"."count" > 0)))
);
--> statement-breakpoint
CREATE TABLE "reuse_intakes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"number" text NOT NULL,
	"site_id" uuid NOT NULL,
	"source" "reuse_source" NOT NULL,
	"commune" text,
	"partner" text,
	"note" text,
	"created_by" uuid NOT NULL,
	"device_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reuse_intakes_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "reuse_intakes_org_number_key" UNIQUE("organisation_id","number")
);
--> statement-breakpoint
CREATE TABLE "reuse_item_movements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"kind" "reuse_item_movement_kind" NOT NULL,
	"quantity" integer NOT NULL,
	"from_location_id" uuid,
	"to_location_id" uuid,
	"sale_line_id" uuid,
	"exit_line_id" bigint,
	"reason" text,
	"user_id" uuid NOT NULL,
	"device_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reuse_item_movements_org_id_key" UNIQUE("organisation_id","id")
);
--> statement-breakpoint
CREATE TABLE "reuse_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"code" text NOT NULL,
	"site_id" uuid NOT NULL,
	"location_id" uuid,
	"category_id" uuid NOT NULL,
	"intake_id" uuid,
	"description" text NOT NULL,
	"quantity" integer NOT NULL,
	"on_hand" integer NOT NULL,
	"price_cents" integer NOT NULL,
	"unit_weight_grams" integer NOT NULL,
	"weight_source" "reuse_item_weight_source" NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reuse_items_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "reuse_items_org_code_key" UNIQUE("organisation_id","code"),
	CONSTRAINT "reuse_items_quantity_check" CHECK ("reuse_items"."quantity" between 1 and 10000 and "reuse_items"."on_hand" >= 0 and "reuse_items"."on_hand" <= "reuse_items"."quantity"),
	CONSTRAINT "reuse_items_price_check" CHECK ("reuse_items"."price_cents" between 0 and 10000000),
	CONSTRAINT "reuse_items_weight_check" CHECK ("reuse_items"."unit_weight_grams" between 1 and 1000000)
);
--> statement-breakpoint
ALTER TABLE "sale_lines" ALTER COLUMN "lot_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "sale_lines" ALTER COLUMN "product_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "sale_lines" ALTER COLUMN "movement_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "sales" ALTER COLUMN "household_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "sales" ALTER COLUMN "right_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "sale_lines" ADD COLUMN "item_id" uuid;--> statement-breakpoint
ALTER TABLE "sale_lines" ADD COLUMN "reuse_category_id" uuid;--> statement-breakpoint
ALTER TABLE "sale_lines" ADD COLUMN "weight_grams" integer;--> statement-breakpoint
ALTER TABLE "sale_lines" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "sale_lines" ADD COLUMN "discount_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sale_lines" ADD COLUMN "discount_reason" text;--> statement-breakpoint
ALTER TABLE "sales" ADD COLUMN "kind" "sale_kind" DEFAULT 'epicerie' NOT NULL;--> statement-breakpoint
ALTER TABLE "reuse_categories" ADD CONSTRAINT "reuse_categories_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_containers" ADD CONSTRAINT "reuse_containers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_counters" ADD CONSTRAINT "reuse_counters_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_exit_lines" ADD CONSTRAINT "reuse_exit_lines_exit_fk" FOREIGN KEY ("organisation_id","exit_id") REFERENCES "public"."reuse_exits"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_exit_lines" ADD CONSTRAINT "reuse_exit_lines_category_fk" FOREIGN KEY ("organisation_id","category_id") REFERENCES "public"."reuse_categories"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_exit_lines" ADD CONSTRAINT "reuse_exit_lines_item_fk" FOREIGN KEY ("organisation_id","item_id") REFERENCES "public"."reuse_items"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_exit_lines" ADD CONSTRAINT "reuse_exit_lines_container_fk" FOREIGN KEY ("organisation_id","container_id") REFERENCES "public"."reuse_containers"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_exit_lines" ADD CONSTRAINT "reuse_exit_lines_user_fk" FOREIGN KEY ("organisation_id","user_id") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_exit_lines" ADD CONSTRAINT "reuse_exit_lines_correction_fk" FOREIGN KEY ("organisation_id","correction_of") REFERENCES "public"."reuse_exit_lines"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_exits" ADD CONSTRAINT "reuse_exits_site_fk" FOREIGN KEY ("organisation_id","site_id") REFERENCES "public"."sites"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_exits" ADD CONSTRAINT "reuse_exits_user_fk" FOREIGN KEY ("organisation_id","created_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_exits" ADD CONSTRAINT "reuse_exits_device_fk" FOREIGN KEY ("organisation_id","device_id") REFERENCES "public"."devices"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_intake_lines" ADD CONSTRAINT "reuse_intake_lines_intake_fk" FOREIGN KEY ("organisation_id","intake_id") REFERENCES "public"."reuse_intakes"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_intake_lines" ADD CONSTRAINT "reuse_intake_lines_category_fk" FOREIGN KEY ("organisation_id","category_id") REFERENCES "public"."reuse_categories"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_intake_lines" ADD CONSTRAINT "reuse_intake_lines_container_fk" FOREIGN KEY ("organisation_id","container_id") REFERENCES "public"."reuse_containers"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_intake_lines" ADD CONSTRAINT "reuse_intake_lines_user_fk" FOREIGN KEY ("organisation_id","user_id") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_intake_lines" ADD CONSTRAINT "reuse_intake_lines_correction_fk" FOREIGN KEY ("organisation_id","correction_of") REFERENCES "public"."reuse_intake_lines"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_intakes" ADD CONSTRAINT "reuse_intakes_site_fk" FOREIGN KEY ("organisation_id","site_id") REFERENCES "public"."sites"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_intakes" ADD CONSTRAINT "reuse_intakes_user_fk" FOREIGN KEY ("organisation_id","created_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_intakes" ADD CONSTRAINT "reuse_intakes_device_fk" FOREIGN KEY ("organisation_id","device_id") REFERENCES "public"."devices"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_item_movements" ADD CONSTRAINT "reuse_item_movements_item_fk" FOREIGN KEY ("organisation_id","item_id") REFERENCES "public"."reuse_items"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_item_movements" ADD CONSTRAINT "reuse_item_movements_user_fk" FOREIGN KEY ("organisation_id","user_id") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_item_movements" ADD CONSTRAINT "reuse_item_movements_from_fk" FOREIGN KEY ("organisation_id","from_location_id") REFERENCES "public"."locations"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_item_movements" ADD CONSTRAINT "reuse_item_movements_to_fk" FOREIGN KEY ("organisation_id","to_location_id") REFERENCES "public"."locations"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_item_movements" ADD CONSTRAINT "reuse_item_movements_exit_line_fk" FOREIGN KEY ("organisation_id","exit_line_id") REFERENCES "public"."reuse_exit_lines"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_items" ADD CONSTRAINT "reuse_items_site_fk" FOREIGN KEY ("organisation_id","site_id") REFERENCES "public"."sites"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_items" ADD CONSTRAINT "reuse_items_location_fk" FOREIGN KEY ("organisation_id","location_id") REFERENCES "public"."locations"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_items" ADD CONSTRAINT "reuse_items_category_fk" FOREIGN KEY ("organisation_id","category_id") REFERENCES "public"."reuse_categories"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_items" ADD CONSTRAINT "reuse_items_intake_fk" FOREIGN KEY ("organisation_id","intake_id") REFERENCES "public"."reuse_intakes"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reuse_items" ADD CONSTRAINT "reuse_items_user_fk" FOREIGN KEY ("organisation_id","created_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reuse_categories_org_flux_idx" ON "reuse_categories" USING btree ("organisation_id","flux","position");--> statement-breakpoint
CREATE INDEX "reuse_exit_lines_exit_idx" ON "reuse_exit_lines" USING btree ("exit_id");--> statement-breakpoint
CREATE INDEX "reuse_exit_lines_org_at_idx" ON "reuse_exit_lines" USING btree ("organisation_id","at");--> statement-breakpoint
CREATE INDEX "reuse_exits_org_at_idx" ON "reuse_exits" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "reuse_intake_lines_intake_idx" ON "reuse_intake_lines" USING btree ("intake_id");--> statement-breakpoint
CREATE INDEX "reuse_intake_lines_org_at_idx" ON "reuse_intake_lines" USING btree ("organisation_id","at");--> statement-breakpoint
CREATE INDEX "reuse_intakes_org_at_idx" ON "reuse_intakes" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "reuse_item_movements_item_idx" ON "reuse_item_movements" USING btree ("item_id","id");--> statement-breakpoint
CREATE INDEX "reuse_item_movements_org_kind_at_idx" ON "reuse_item_movements" USING btree ("organisation_id","kind","at");--> statement-breakpoint
CREATE INDEX "reuse_items_org_created_idx" ON "reuse_items" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "reuse_items_org_category_idx" ON "reuse_items" USING btree ("organisation_id","category_id");--> statement-breakpoint
ALTER TABLE "sale_lines" ADD CONSTRAINT "sale_lines_item_fk" FOREIGN KEY ("organisation_id","item_id") REFERENCES "public"."reuse_items"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_lines" ADD CONSTRAINT "sale_lines_reuse_category_fk" FOREIGN KEY ("organisation_id","reuse_category_id") REFERENCES "public"."reuse_categories"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_lines" ADD CONSTRAINT "sale_lines_kind_check" CHECK (("sale_lines"."lot_id" is not null and "sale_lines"."product_id" is not null and "sale_lines"."movement_id" is not null and "sale_lines"."reuse_category_id" is null and "sale_lines"."item_id" is null and "sale_lines"."discount_cents" = 0)
			 or ("sale_lines"."lot_id" is null and "sale_lines"."product_id" is null and "sale_lines"."movement_id" is null and "sale_lines"."reuse_category_id" is not null and "sale_lines"."weight_grams" > 0 and "sale_lines"."discount_cents" >= 0 and "sale_lines"."paid_cents" = "sale_lines"."reference_cents" - "sale_lines"."discount_cents"));--> statement-breakpoint
ALTER TABLE "sales" ADD CONSTRAINT "sales_kind_check" CHECK (("sales"."kind" = 'epicerie') = ("sales"."household_id" is not null and "sales"."right_id" is not null));--> statement-breakpoint
-- The ressourcerie's ledgers are append-only like the stock ledger: an item moves only by new
-- movements, an intake or exit line entered by mistake is cancelled by a reversing line (correction_of).
CREATE FUNCTION "reuse_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is append-only: % refused (reverse a line with a correcting line)', TG_TABLE_NAME, TG_OP
		USING ERRCODE = 'restrict_violation', HINT = 'Les pesées et les mouvements des objets ne se modifient pas : une erreur se corrige par une ligne inverse.';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "reuse_item_movements_append_only" BEFORE UPDATE OR DELETE ON "reuse_item_movements" FOR EACH ROW EXECUTE FUNCTION "reuse_append_only"();
--> statement-breakpoint
CREATE TRIGGER "reuse_intake_lines_append_only" BEFORE UPDATE OR DELETE ON "reuse_intake_lines" FOR EACH ROW EXECUTE FUNCTION "reuse_append_only"();
--> statement-breakpoint
CREATE TRIGGER "reuse_exit_lines_append_only" BEFORE UPDATE OR DELETE ON "reuse_exit_lines" FOR EACH ROW EXECUTE FUNCTION "reuse_append_only"();
