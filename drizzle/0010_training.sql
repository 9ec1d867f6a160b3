CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"weekly_minutes" integer NOT NULL,
	"referent_id" uuid,
	"counsellor" text DEFAULT '' NOT NULL,
	"exit_kind" text,
	"exit_date" date,
	"exit_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contracts_dates_check" CHECK ("contracts"."end_date" >= "contracts"."start_date"),
	CONSTRAINT "contracts_hours_check" CHECK ("contracts"."weekly_minutes" > 0 and "contracts"."weekly_minutes" <= 2880),
	CONSTRAINT "contracts_exit_check" CHECK (("contracts"."exit_kind" is null) = ("contracts"."exit_date" is null)),
	CONSTRAINT "contracts_exit_kind_check" CHECK ("contracts"."exit_kind" is null or "contracts"."exit_kind" in ('durable_job', 'transition_job', 'positive', 'other'))
);
--> statement-breakpoint
CREATE TABLE "skill_events" (
	"organisation_id" uuid NOT NULL,
	"skill_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	CONSTRAINT "skill_events_pk" PRIMARY KEY("organisation_id","skill_id","event_type")
);
--> statement-breakpoint
CREATE TABLE "skill_validations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"skill_id" uuid NOT NULL,
	"level" text NOT NULL,
	"day" date NOT NULL,
	"comment" text,
	"reason" text,
	"validated_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "skill_validations_level_check" CHECK ("skill_validations"."level" in ('discovery', 'with_help', 'autonomous', 'mastered'))
);
--> statement-breakpoint
CREATE TABLE "skills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"framework" text NOT NULL,
	"code" text NOT NULL,
	"block" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "skills_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "skills_org_code_key" UNIQUE("organisation_id","code"),
	CONSTRAINT "skills_framework_check" CHECK ("skills"."framework" in ('cap_epc', 'clea', 'own'))
);
--> statement-breakpoint
CREATE TABLE "training_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"reviewed_by" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "work_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organisation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"device_id" uuid,
	"entity_type" text,
	"entity_id" text,
	"quantity" integer DEFAULT 1 NOT NULL,
	"signal" integer,
	"details" jsonb,
	CONSTRAINT "work_events_quantity_check" CHECK ("work_events"."quantity" >= 0)
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_user_fk" FOREIGN KEY ("organisation_id","user_id") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_referent_fk" FOREIGN KEY ("organisation_id","referent_id") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skill_events" ADD CONSTRAINT "skill_events_skill_fk" FOREIGN KEY ("organisation_id","skill_id") REFERENCES "public"."skills"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skill_validations" ADD CONSTRAINT "skill_validations_user_fk" FOREIGN KEY ("organisation_id","user_id") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skill_validations" ADD CONSTRAINT "skill_validations_by_fk" FOREIGN KEY ("organisation_id","validated_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skill_validations" ADD CONSTRAINT "skill_validations_skill_fk" FOREIGN KEY ("organisation_id","skill_id") REFERENCES "public"."skills"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skills" ADD CONSTRAINT "skills_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_reviews" ADD CONSTRAINT "training_reviews_user_fk" FOREIGN KEY ("organisation_id","user_id") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_reviews" ADD CONSTRAINT "training_reviews_by_fk" FOREIGN KEY ("organisation_id","reviewed_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_events" ADD CONSTRAINT "work_events_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_events" ADD CONSTRAINT "work_events_user_fk" FOREIGN KEY ("organisation_id","user_id") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contracts_org_end_idx" ON "contracts" USING btree ("organisation_id","end_date");--> statement-breakpoint
CREATE INDEX "contracts_user_idx" ON "contracts" USING btree ("organisation_id","user_id");--> statement-breakpoint
CREATE INDEX "skill_validations_user_idx" ON "skill_validations" USING btree ("organisation_id","user_id","skill_id","created_at");--> statement-breakpoint
CREATE INDEX "training_reviews_user_idx" ON "training_reviews" USING btree ("organisation_id","user_id","at");--> statement-breakpoint
CREATE INDEX "work_events_user_at_idx" ON "work_events" USING btree ("organisation_id","user_id","at");--> statement-breakpoint
CREATE INDEX "work_events_org_at_idx" ON "work_events" USING btree ("organisation_id","at");--> statement-breakpoint
-- The training record starts with the work already done: audited actions that are work events become
-- work events (same person, tablet, instant and entity). Mirrors workMeasure() in $lib/training/events.ts.
INSERT INTO "work_events" ("organisation_id", "user_id", "type", "at", "device_id", "entity_type", "entity_id", "quantity", "signal")
SELECT a."organisation_id", a."user_id", a."action", a."at", a."device_id", a."entity_type", a."entity_id", 1,
	CASE
		WHEN a."action" = 'till.close' AND jsonb_typeof(a."details"->'difference') = 'object' THEN
			(SELECT coalesce(sum(abs(x.v::bigint)), 0)::int FROM jsonb_each_text(a."details"->'difference') AS x(k, v) WHERE x.v ~ '^-?[0-9]{1,9}$')
		WHEN a."action" = 'till.close' THEN 0
		WHEN a."action" = 'count.line' AND jsonb_typeof(a."details"->'counted') = 'number' AND jsonb_typeof(a."details"->'expected') = 'number'
			AND (a."details"->>'counted') ~ '^-?[0-9]{1,9}$' AND (a."details"->>'expected') ~ '^-?[0-9]{1,9}$' THEN
			(a."details"->>'counted')::int - (a."details"->>'expected')::int
	END
FROM "audit_log" a
WHERE a."user_id" IS NOT NULL AND a."api_token_id" IS NULL
	AND a."action" IN ('reception.create', 'reception.line_add', 'reception.line_remove', 'reception.weight', 'reception.validate',
		'product.quick_create', 'stock.move', 'stock.split', 'stock.loss', 'stock.rescue', 'count.start', 'count.line', 'count.validate',
		'till.open', 'till.lookup', 'till.sale', 'till.override', 'till.basket_hold', 'till.return', 'till.cash_in', 'till.cash_out', 'till.close')
	AND EXISTS (SELECT 1 FROM "users" u WHERE u."id" = a."user_id" AND u."organisation_id" = a."organisation_id")
ORDER BY a."id";
