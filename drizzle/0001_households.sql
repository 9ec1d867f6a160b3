CREATE TYPE "public"."application_status" AS ENUM('pending', 'accepted', 'refused', 'postponed');--> statement-breakpoint
CREATE TYPE "public"."budget_basis" AS ENUM('reference_value', 'amount_paid');--> statement-breakpoint
CREATE TYPE "public"."budget_line_kind" AS ENUM('resource', 'charge');--> statement-breakpoint
CREATE TYPE "public"."decision_outcome" AS ENUM('accepted', 'refused', 'postponed');--> statement-breakpoint
CREATE TYPE "public"."member_relation" AS ENUM('conjoint', 'enfant', 'parent', 'autre');--> statement-breakpoint
CREATE TYPE "public"."right_status" AS ENUM('active', 'suspended', 'revoked');--> statement-breakpoint
CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"assessment" text NOT NULL,
	"status" "application_status" DEFAULT 'pending' NOT NULL,
	"submitted_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "applications_org_id_key" UNIQUE("organisation_id","id")
);
--> statement-breakpoint
CREATE TABLE "beneficiary_cards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"issued_by" uuid NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "beneficiary_cards_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "committee_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"outcome" "decision_outcome" NOT NULL,
	"decided_on" date NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"anonymous" boolean DEFAULT false NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "committee_decisions_org_id_key" UNIQUE("organisation_id","id")
);
--> statement-breakpoint
CREATE TABLE "household_budget_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"kind" "budget_line_kind" NOT NULL,
	"type" text NOT NULL,
	"monthly_cents" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "household_budget_lines_amount_check" CHECK ("household_budget_lines"."monthly_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "household_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"birth_year" integer NOT NULL,
	"relation" "member_relation" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "household_members_birth_year_check" CHECK ("household_members"."birth_year" between 1900 and 2200)
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"name_key" text NOT NULL,
	"birth_date" date,
	"phone" text,
	"commune" text,
	"orienting_structure" text,
	"social_worker_id" uuid,
	"rgpd_informed_on" date,
	"consent" boolean DEFAULT false NOT NULL,
	"notes" text,
	"anonymised_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "households_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "households_org_reference_key" UNIQUE("organisation_id","reference")
);
--> statement-breakpoint
CREATE TABLE "right_budget_uses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"right_id" uuid NOT NULL,
	"month" date NOT NULL,
	"amount_cents" integer NOT NULL,
	"source" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "right_budget_uses_amount_check" CHECK ("right_budget_uses"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "rights" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"decision_id" uuid,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"rate_bp" integer NOT NULL,
	"monthly_budget_cents" integer NOT NULL,
	"budget_basis" "budget_basis" NOT NULL,
	"budget_override_reason" text,
	"category_limits" jsonb,
	"renewals" integer DEFAULT 0 NOT NULL,
	"status" "right_status" DEFAULT 'active' NOT NULL,
	"status_reason" text,
	"issued_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rights_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "rights_period_check" CHECK ("rights"."valid_from" <= "rights"."valid_to"),
	CONSTRAINT "rights_rate_check" CHECK ("rights"."rate_bp" between 0 and 10000),
	CONSTRAINT "rights_budget_check" CHECK ("rights"."monthly_budget_cents" >= 0),
	CONSTRAINT "rights_renewals_check" CHECK ("rights"."renewals" >= 0)
);
--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_household_fk" FOREIGN KEY ("organisation_id","household_id") REFERENCES "public"."households"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_submitted_by_fk" FOREIGN KEY ("organisation_id","submitted_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "beneficiary_cards" ADD CONSTRAINT "beneficiary_cards_household_fk" FOREIGN KEY ("organisation_id","household_id") REFERENCES "public"."households"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "beneficiary_cards" ADD CONSTRAINT "beneficiary_cards_issued_by_fk" FOREIGN KEY ("organisation_id","issued_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_decisions" ADD CONSTRAINT "committee_decisions_application_fk" FOREIGN KEY ("organisation_id","application_id") REFERENCES "public"."applications"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_decisions" ADD CONSTRAINT "committee_decisions_recorded_by_fk" FOREIGN KEY ("organisation_id","recorded_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_budget_lines" ADD CONSTRAINT "household_budget_lines_household_fk" FOREIGN KEY ("organisation_id","household_id") REFERENCES "public"."households"("organisation_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_members" ADD CONSTRAINT "household_members_household_fk" FOREIGN KEY ("organisation_id","household_id") REFERENCES "public"."households"("organisation_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_social_worker_fk" FOREIGN KEY ("organisation_id","social_worker_id") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "right_budget_uses" ADD CONSTRAINT "right_budget_uses_right_fk" FOREIGN KEY ("organisation_id","right_id") REFERENCES "public"."rights"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rights" ADD CONSTRAINT "rights_household_fk" FOREIGN KEY ("organisation_id","household_id") REFERENCES "public"."households"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rights" ADD CONSTRAINT "rights_decision_fk" FOREIGN KEY ("organisation_id","decision_id") REFERENCES "public"."committee_decisions"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rights" ADD CONSTRAINT "rights_issued_by_fk" FOREIGN KEY ("organisation_id","issued_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "applications_org_status_idx" ON "applications" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "beneficiary_cards_one_live_key" ON "beneficiary_cards" USING btree ("organisation_id","household_id") WHERE "beneficiary_cards"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "household_budget_lines_household_idx" ON "household_budget_lines" USING btree ("organisation_id","household_id");--> statement-breakpoint
CREATE INDEX "household_members_household_idx" ON "household_members" USING btree ("organisation_id","household_id");--> statement-breakpoint
CREATE INDEX "households_org_name_idx" ON "households" USING btree ("organisation_id","name_key");--> statement-breakpoint
CREATE INDEX "right_budget_uses_right_month_idx" ON "right_budget_uses" USING btree ("organisation_id","right_id","month");--> statement-breakpoint
CREATE INDEX "rights_household_idx" ON "rights" USING btree ("organisation_id","household_id");--> statement-breakpoint
CREATE INDEX "rights_org_valid_to_idx" ON "rights" USING btree ("organisation_id","valid_to");