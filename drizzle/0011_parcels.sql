CREATE TYPE "public"."distribution_day_status" AS ENUM('planned', 'closed');--> statement-breakpoint
CREATE TYPE "public"."parcel_frequency" AS ENUM('weekly', 'biweekly', 'monthly');--> statement-breakpoint
CREATE TYPE "public"."parcel_line_unit" AS ENUM('piece', 'kg');--> statement-breakpoint
CREATE TYPE "public"."parcel_scaling" AS ENUM('fixed', 'per_person', 'bands');--> statement-breakpoint
CREATE TYPE "public"."parcel_status" AS ENUM('expected', 'preparing', 'prepared', 'handed_over', 'absent', 'not_collected');--> statement-breakpoint
ALTER TYPE "public"."location_kind" ADD VALUE 'colis';--> statement-breakpoint
CREATE TABLE "distribution_days" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"day" date NOT NULL,
	"template_id" uuid NOT NULL,
	"slots" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" "distribution_day_status" DEFAULT 'planned' NOT NULL,
	"created_by" uuid NOT NULL,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"summary" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "distribution_days_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "distribution_days_site_day_key" UNIQUE("organisation_id","site_id","day"),
	CONSTRAINT "distribution_days_closed_check" CHECK (("distribution_days"."status" = 'closed') = ("distribution_days"."closed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "parcel_counters" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"last_parcel" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "parcel_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"parcel_id" uuid NOT NULL,
	"template_line_id" uuid NOT NULL,
	"source_lot_id" uuid NOT NULL,
	"parcel_lot_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"from_location_id" uuid,
	"quantity" integer NOT NULL,
	"substitute" boolean DEFAULT false NOT NULL,
	"picked_by" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "parcel_lines_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "parcel_lines_lot_key" UNIQUE("parcel_id","template_line_id","source_lot_id"),
	CONSTRAINT "parcel_lines_quantity_check" CHECK ("parcel_lines"."quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "parcel_rights" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"decision_id" uuid,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"frequency" "parcel_frequency" NOT NULL,
	"persons" integer NOT NULL,
	"participation_cents" integer DEFAULT 0 NOT NULL,
	"renewals" integer DEFAULT 0 NOT NULL,
	"status" "right_status" DEFAULT 'active' NOT NULL,
	"status_reason" text,
	"issued_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "parcel_rights_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "parcel_rights_period_check" CHECK ("parcel_rights"."valid_from" <= "parcel_rights"."valid_to"),
	CONSTRAINT "parcel_rights_persons_check" CHECK ("parcel_rights"."persons" between 1 and 30),
	CONSTRAINT "parcel_rights_participation_check" CHECK ("parcel_rights"."participation_cents" between 0 and 100000),
	CONSTRAINT "parcel_rights_renewals_check" CHECK ("parcel_rights"."renewals" >= 0)
);
--> statement-breakpoint
CREATE TABLE "parcel_template_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"category_id" uuid NOT NULL,
	"unit" "parcel_line_unit" NOT NULL,
	"scaling" "parcel_scaling" NOT NULL,
	"quantity" integer,
	"band1" integer,
	"band2" integer,
	"band3" integer,
	"band5" integer,
	"cold" boolean DEFAULT false NOT NULL,
	CONSTRAINT "parcel_template_lines_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "parcel_template_lines_quantity_check" CHECK (("parcel_template_lines"."scaling" = 'bands' and "parcel_template_lines"."band1" >= 0 and "parcel_template_lines"."band2" >= 0 and "parcel_template_lines"."band3" >= 0 and "parcel_template_lines"."band5" >= 0 and "parcel_template_lines"."band1" + "parcel_template_lines"."band2" + "parcel_template_lines"."band3" + "parcel_template_lines"."band5" > 0)
			 or ("parcel_template_lines"."scaling" <> 'bands' and "parcel_template_lines"."quantity" > 0))
);
--> statement-breakpoint
CREATE TABLE "parcel_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"note" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "parcel_templates_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "parcel_templates_org_name_key" UNIQUE("organisation_id","name")
);
--> statement-breakpoint
CREATE TABLE "parcels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"day_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"parcel_right_id" uuid NOT NULL,
	"code" text NOT NULL,
	"persons" integer NOT NULL,
	"slot" text,
	"status" "parcel_status" DEFAULT 'expected' NOT NULL,
	"cold" boolean DEFAULT false NOT NULL,
	"added_by_hand" boolean DEFAULT false NOT NULL,
	"prepared_by" uuid,
	"prepared_at" timestamp with time zone,
	"handed_by" uuid,
	"handed_at" timestamp with time zone,
	"handed_device_id" uuid,
	"signature_png" "bytea",
	"no_signature_reason" text,
	"participation_cents" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "parcels_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "parcels_org_code_key" UNIQUE("organisation_id","code"),
	CONSTRAINT "parcels_day_household_key" UNIQUE("organisation_id","day_id","household_id"),
	CONSTRAINT "parcels_persons_check" CHECK ("parcels"."persons" between 1 and 30),
	CONSTRAINT "parcels_participation_check" CHECK ("parcels"."participation_cents" >= 0),
	CONSTRAINT "parcels_handed_check" CHECK (("parcels"."status" = 'handed_over') = ("parcels"."handed_at" is not null)),
	CONSTRAINT "parcels_signed_check" CHECK ("parcels"."status" <> 'handed_over' or "parcels"."signature_png" is not null or "parcels"."no_signature_reason" is not null)
);
--> statement-breakpoint
ALTER TABLE "distribution_days" ADD CONSTRAINT "distribution_days_site_fk" FOREIGN KEY ("organisation_id","site_id") REFERENCES "public"."sites"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_days" ADD CONSTRAINT "distribution_days_template_fk" FOREIGN KEY ("organisation_id","template_id") REFERENCES "public"."parcel_templates"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_days" ADD CONSTRAINT "distribution_days_created_by_fk" FOREIGN KEY ("organisation_id","created_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_days" ADD CONSTRAINT "distribution_days_closed_by_fk" FOREIGN KEY ("organisation_id","closed_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcel_counters" ADD CONSTRAINT "parcel_counters_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcel_lines" ADD CONSTRAINT "parcel_lines_parcel_fk" FOREIGN KEY ("organisation_id","parcel_id") REFERENCES "public"."parcels"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcel_lines" ADD CONSTRAINT "parcel_lines_template_line_fk" FOREIGN KEY ("organisation_id","template_line_id") REFERENCES "public"."parcel_template_lines"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcel_lines" ADD CONSTRAINT "parcel_lines_source_lot_fk" FOREIGN KEY ("organisation_id","source_lot_id") REFERENCES "public"."lots"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcel_lines" ADD CONSTRAINT "parcel_lines_parcel_lot_fk" FOREIGN KEY ("organisation_id","parcel_lot_id") REFERENCES "public"."lots"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcel_lines" ADD CONSTRAINT "parcel_lines_product_fk" FOREIGN KEY ("organisation_id","product_id") REFERENCES "public"."products"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcel_lines" ADD CONSTRAINT "parcel_lines_from_location_fk" FOREIGN KEY ("organisation_id","from_location_id") REFERENCES "public"."locations"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcel_lines" ADD CONSTRAINT "parcel_lines_picked_by_fk" FOREIGN KEY ("organisation_id","picked_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcel_rights" ADD CONSTRAINT "parcel_rights_household_fk" FOREIGN KEY ("organisation_id","household_id") REFERENCES "public"."households"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcel_rights" ADD CONSTRAINT "parcel_rights_decision_fk" FOREIGN KEY ("organisation_id","decision_id") REFERENCES "public"."committee_decisions"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcel_rights" ADD CONSTRAINT "parcel_rights_issued_by_fk" FOREIGN KEY ("organisation_id","issued_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcel_template_lines" ADD CONSTRAINT "parcel_template_lines_template_fk" FOREIGN KEY ("organisation_id","template_id") REFERENCES "public"."parcel_templates"("organisation_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcel_template_lines" ADD CONSTRAINT "parcel_template_lines_category_fk" FOREIGN KEY ("organisation_id","category_id") REFERENCES "public"."categories"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcel_templates" ADD CONSTRAINT "parcel_templates_created_by_fk" FOREIGN KEY ("organisation_id","created_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcels" ADD CONSTRAINT "parcels_day_fk" FOREIGN KEY ("organisation_id","day_id") REFERENCES "public"."distribution_days"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcels" ADD CONSTRAINT "parcels_household_fk" FOREIGN KEY ("organisation_id","household_id") REFERENCES "public"."households"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcels" ADD CONSTRAINT "parcels_right_fk" FOREIGN KEY ("organisation_id","parcel_right_id") REFERENCES "public"."parcel_rights"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcels" ADD CONSTRAINT "parcels_prepared_by_fk" FOREIGN KEY ("organisation_id","prepared_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcels" ADD CONSTRAINT "parcels_handed_by_fk" FOREIGN KEY ("organisation_id","handed_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcels" ADD CONSTRAINT "parcels_device_fk" FOREIGN KEY ("organisation_id","handed_device_id") REFERENCES "public"."devices"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "distribution_days_org_day_idx" ON "distribution_days" USING btree ("organisation_id","day");--> statement-breakpoint
CREATE INDEX "parcel_lines_parcel_idx" ON "parcel_lines" USING btree ("organisation_id","parcel_id");--> statement-breakpoint
CREATE INDEX "parcel_rights_household_idx" ON "parcel_rights" USING btree ("organisation_id","household_id");--> statement-breakpoint
CREATE INDEX "parcel_rights_org_valid_idx" ON "parcel_rights" USING btree ("organisation_id","valid_to");--> statement-breakpoint
CREATE INDEX "parcel_template_lines_template_idx" ON "parcel_template_lines" USING btree ("organisation_id","template_id","position");--> statement-breakpoint
CREATE INDEX "parcels_day_idx" ON "parcels" USING btree ("organisation_id","day_id","status");--> statement-breakpoint
CREATE INDEX "parcels_household_idx" ON "parcels" USING btree ("organisation_id","household_id");