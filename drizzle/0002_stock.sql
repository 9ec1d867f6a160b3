CREATE TYPE "public"."count_status" AS ENUM('draft', 'validated', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."date_type" AS ENUM('dlc', 'ddm', 'none');--> statement-breakpoint
CREATE TYPE "public"."movement_kind" AS ENUM('reception', 'move', 'count', 'loss', 'correction', 'sale', 'distribution');--> statement-breakpoint
CREATE TYPE "public"."origin_kind" AS ENUM('food_bank', 'fse', 'ramasse', 'purchase', 'donation', 'collecte');--> statement-breakpoint
CREATE TYPE "public"."product_unit" AS ENUM('piece', 'kg', 'litre');--> statement-breakpoint
CREATE TYPE "public"."reception_status" AS ENUM('draft', 'validated', 'cancelled');--> statement-breakpoint
CREATE TABLE "categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"parent_id" uuid,
	"name" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "categories_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "categories_parent_name_key" UNIQUE NULLS NOT DISTINCT("organisation_id","parent_id","name")
);
--> statement-breakpoint
CREATE TABLE "lots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"code" text NOT NULL,
	"product_id" uuid NOT NULL,
	"origin_id" uuid NOT NULL,
	"reception_id" uuid,
	"parent_lot_id" uuid,
	"date" date,
	"date_type" date_type NOT NULL,
	"lot_number" text,
	"location_id" uuid,
	"on_hand" integer DEFAULT 0 NOT NULL,
	"blocked" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lots_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "lots_org_code_key" UNIQUE("organisation_id","code"),
	CONSTRAINT "lots_on_hand_check" CHECK ("lots"."on_hand" >= 0),
	CONSTRAINT "lots_date_check" CHECK (("lots"."date_type" = 'none') = ("lots"."date" is null))
);
--> statement-breakpoint
CREATE TABLE "origins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" "origin_kind" NOT NULL,
	"fse" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "origins_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "origins_org_name_key" UNIQUE("organisation_id","name")
);
--> statement-breakpoint
CREATE TABLE "product_gtins" (
	"organisation_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"gtin" text NOT NULL,
	CONSTRAINT "product_gtins_org_gtin_key" UNIQUE("organisation_id","gtin"),
	CONSTRAINT "product_gtins_format_check" CHECK ("product_gtins"."gtin" ~ '^[0-9]{14}$')
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"category_id" uuid,
	"name" text NOT NULL,
	"unit" "product_unit" DEFAULT 'piece' NOT NULL,
	"reference_price_cents" integer DEFAULT 0 NOT NULL,
	"net_weight_grams" integer,
	"zone" "temperature_zone" DEFAULT 'ambient' NOT NULL,
	"date_type" date_type DEFAULT 'ddm' NOT NULL,
	"limit_per_visit" integer,
	"limit_per_month" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "products_org_name_key" UNIQUE("organisation_id","name"),
	CONSTRAINT "products_price_check" CHECK ("products"."reference_price_cents" >= 0),
	CONSTRAINT "products_weight_check" CHECK ("products"."net_weight_grams" is null or "products"."net_weight_grams" > 0),
	CONSTRAINT "products_limits_check" CHECK (coalesce("products"."limit_per_visit", 1) > 0 and coalesce("products"."limit_per_month", 1) > 0)
);
--> statement-breakpoint
CREATE TABLE "reception_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"reception_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"expected_quantity" integer,
	"date" date,
	"date_type" date_type NOT NULL,
	"lot_number" text,
	"location_id" uuid,
	"lot_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reception_lines_quantity_check" CHECK ("reception_lines"."quantity" > 0 and coalesce("reception_lines"."expected_quantity", 0) >= 0)
);
--> statement-breakpoint
CREATE TABLE "receptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"origin_id" uuid NOT NULL,
	"delivery_note" text,
	"status" "reception_status" DEFAULT 'draft' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_device_id" uuid,
	"validated_by" uuid,
	"validated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "receptions_org_id_key" UNIQUE("organisation_id","id")
);
--> statement-breakpoint
CREATE TABLE "stock_count_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"count_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"counted" integer NOT NULL,
	"expected" integer NOT NULL,
	"counted_by" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_count_lines_lot_key" UNIQUE("count_id","lot_id"),
	CONSTRAINT "stock_count_lines_counted_check" CHECK ("stock_count_lines"."counted" >= 0 and "stock_count_lines"."expected" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stock_counters" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"last_lot" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stock_counts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"status" "count_status" DEFAULT 'draft' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_device_id" uuid,
	"validated_by" uuid,
	"validated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_counts_org_id_key" UNIQUE("organisation_id","id")
);
--> statement-breakpoint
CREATE TABLE "stock_movements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"kind" "movement_kind" NOT NULL,
	"reason" text,
	"note" text,
	"from_location_id" uuid,
	"to_location_id" uuid,
	"user_id" uuid NOT NULL,
	"device_id" uuid,
	"correction_of" bigint,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_movements_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "stock_movements_correction_key" UNIQUE("correction_of")
);
--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_parent_fk" FOREIGN KEY ("organisation_id","parent_id") REFERENCES "public"."categories"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lots" ADD CONSTRAINT "lots_product_fk" FOREIGN KEY ("organisation_id","product_id") REFERENCES "public"."products"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lots" ADD CONSTRAINT "lots_origin_fk" FOREIGN KEY ("organisation_id","origin_id") REFERENCES "public"."origins"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lots" ADD CONSTRAINT "lots_reception_fk" FOREIGN KEY ("organisation_id","reception_id") REFERENCES "public"."receptions"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lots" ADD CONSTRAINT "lots_parent_fk" FOREIGN KEY ("organisation_id","parent_lot_id") REFERENCES "public"."lots"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lots" ADD CONSTRAINT "lots_location_fk" FOREIGN KEY ("organisation_id","location_id") REFERENCES "public"."locations"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "origins" ADD CONSTRAINT "origins_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_gtins" ADD CONSTRAINT "product_gtins_product_fk" FOREIGN KEY ("organisation_id","product_id") REFERENCES "public"."products"("organisation_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_category_fk" FOREIGN KEY ("organisation_id","category_id") REFERENCES "public"."categories"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_lines" ADD CONSTRAINT "reception_lines_reception_fk" FOREIGN KEY ("organisation_id","reception_id") REFERENCES "public"."receptions"("organisation_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_lines" ADD CONSTRAINT "reception_lines_product_fk" FOREIGN KEY ("organisation_id","product_id") REFERENCES "public"."products"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_lines" ADD CONSTRAINT "reception_lines_location_fk" FOREIGN KEY ("organisation_id","location_id") REFERENCES "public"."locations"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_lines" ADD CONSTRAINT "reception_lines_lot_fk" FOREIGN KEY ("organisation_id","lot_id") REFERENCES "public"."lots"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receptions" ADD CONSTRAINT "receptions_origin_fk" FOREIGN KEY ("organisation_id","origin_id") REFERENCES "public"."origins"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receptions" ADD CONSTRAINT "receptions_created_by_fk" FOREIGN KEY ("organisation_id","created_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receptions" ADD CONSTRAINT "receptions_validated_by_fk" FOREIGN KEY ("organisation_id","validated_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receptions" ADD CONSTRAINT "receptions_device_fk" FOREIGN KEY ("organisation_id","created_device_id") REFERENCES "public"."devices"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_lines" ADD CONSTRAINT "stock_count_lines_count_fk" FOREIGN KEY ("organisation_id","count_id") REFERENCES "public"."stock_counts"("organisation_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_lines" ADD CONSTRAINT "stock_count_lines_lot_fk" FOREIGN KEY ("organisation_id","lot_id") REFERENCES "public"."lots"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_lines" ADD CONSTRAINT "stock_count_lines_user_fk" FOREIGN KEY ("organisation_id","counted_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_counters" ADD CONSTRAINT "stock_counters_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_location_fk" FOREIGN KEY ("organisation_id","location_id") REFERENCES "public"."locations"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_created_by_fk" FOREIGN KEY ("organisation_id","created_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_validated_by_fk" FOREIGN KEY ("organisation_id","validated_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_device_fk" FOREIGN KEY ("organisation_id","created_device_id") REFERENCES "public"."devices"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_lot_fk" FOREIGN KEY ("organisation_id","lot_id") REFERENCES "public"."lots"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_user_fk" FOREIGN KEY ("organisation_id","user_id") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_device_fk" FOREIGN KEY ("organisation_id","device_id") REFERENCES "public"."devices"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_from_fk" FOREIGN KEY ("organisation_id","from_location_id") REFERENCES "public"."locations"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_to_fk" FOREIGN KEY ("organisation_id","to_location_id") REFERENCES "public"."locations"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_correction_fk" FOREIGN KEY ("organisation_id","correction_of") REFERENCES "public"."stock_movements"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lots_org_product_idx" ON "lots" USING btree ("organisation_id","product_id","date");--> statement-breakpoint
CREATE INDEX "lots_org_location_idx" ON "lots" USING btree ("organisation_id","location_id");--> statement-breakpoint
CREATE INDEX "lots_org_lot_number_idx" ON "lots" USING btree ("organisation_id","lot_number");--> statement-breakpoint
CREATE INDEX "product_gtins_product_idx" ON "product_gtins" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "reception_lines_reception_idx" ON "reception_lines" USING btree ("reception_id");--> statement-breakpoint
CREATE INDEX "receptions_org_status_idx" ON "receptions" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "stock_counts_org_status_idx" ON "stock_counts" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "stock_movements_lot_idx" ON "stock_movements" USING btree ("lot_id","id");