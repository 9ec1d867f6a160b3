CREATE TYPE "public"."cash_movement_kind" AS ENUM('in', 'out');--> statement-breakpoint
CREATE TYPE "public"."held_basket_status" AS ENUM('held', 'resumed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."payment_method" AS ENUM('cash', 'card', 'cheque');--> statement-breakpoint
CREATE TYPE "public"."return_disposition" AS ENUM('stock', 'loss');--> statement-breakpoint
CREATE TYPE "public"."till_session_status" AS ENUM('open', 'closed');--> statement-breakpoint
ALTER TYPE "public"."movement_kind" ADD VALUE 'return';--> statement-breakpoint
CREATE TABLE "held_baskets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"lines" jsonb NOT NULL,
	"status" "held_basket_status" DEFAULT 'held' NOT NULL,
	"held_by" uuid NOT NULL,
	"held_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_by" uuid,
	"ended_at" timestamp with time zone,
	CONSTRAINT "held_baskets_org_id_key" UNIQUE("organisation_id","id")
);
--> statement-breakpoint
CREATE TABLE "sale_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"sale_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"lot_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"category_id" uuid,
	"quantity" integer NOT NULL,
	"unit_price_cents" integer NOT NULL,
	"reference_cents" integer NOT NULL,
	"paid_cents" integer NOT NULL,
	"fse" boolean NOT NULL,
	"ddm_past" boolean DEFAULT false NOT NULL,
	"movement_id" bigint NOT NULL,
	CONSTRAINT "sale_lines_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "sale_lines_sale_no_key" UNIQUE("sale_id","line_no"),
	CONSTRAINT "sale_lines_amounts_check" CHECK ("sale_lines"."quantity" > 0 and "sale_lines"."reference_cents" >= 0 and "sale_lines"."paid_cents" >= 0 and (not "sale_lines"."fse" or "sale_lines"."paid_cents" = 0))
);
--> statement-breakpoint
CREATE TABLE "sale_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"sale_id" uuid NOT NULL,
	"return_id" uuid,
	"method" "payment_method" NOT NULL,
	"amount_cents" integer NOT NULL,
	"tendered_cents" integer,
	"change_cents" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sale_payments_sign_check" CHECK (("sale_payments"."return_id" is null and "sale_payments"."amount_cents" > 0) or ("sale_payments"."return_id" is not null and "sale_payments"."amount_cents" < 0))
);
--> statement-breakpoint
CREATE TABLE "sale_return_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"return_id" uuid NOT NULL,
	"sale_line_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"disposition" "return_disposition" NOT NULL,
	"refund_cents" integer NOT NULL,
	"reference_cents" integer NOT NULL,
	"budget_cents" integer NOT NULL,
	CONSTRAINT "sale_return_lines_check" CHECK ("sale_return_lines"."quantity" > 0 and "sale_return_lines"."refund_cents" >= 0 and "sale_return_lines"."reference_cents" >= 0 and "sale_return_lines"."budget_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "sale_returns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"sale_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"reason" text NOT NULL,
	"refund_cents" integer NOT NULL,
	"reference_cents" integer NOT NULL,
	"budget_restored_cents" integer NOT NULL,
	"user_id" uuid NOT NULL,
	"device_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sale_returns_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "sale_returns_org_idempotency_key" UNIQUE("organisation_id","idempotency_key"),
	CONSTRAINT "sale_returns_amounts_check" CHECK ("sale_returns"."refund_cents" >= 0 and "sale_returns"."reference_cents" >= 0 and "sale_returns"."budget_restored_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "sales" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"number" text NOT NULL,
	"session_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"household_id" uuid NOT NULL,
	"right_id" uuid NOT NULL,
	"day" date NOT NULL,
	"rate_bp" integer NOT NULL,
	"budget_basis" text NOT NULL,
	"reference_cents" integer NOT NULL,
	"paid_cents" integer NOT NULL,
	"fse_cents" integer NOT NULL,
	"budget_cents" integer NOT NULL,
	"budget_left_cents" integer NOT NULL,
	"override_id" uuid,
	"user_id" uuid NOT NULL,
	"device_id" uuid,
	"api_token_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "sales_org_number_key" UNIQUE("organisation_id","number"),
	CONSTRAINT "sales_org_idempotency_key" UNIQUE("organisation_id","idempotency_key"),
	CONSTRAINT "sales_override_key" UNIQUE("override_id"),
	CONSTRAINT "sales_amounts_check" CHECK ("sales"."reference_cents" >= 0 and "sales"."paid_cents" >= 0 and "sales"."fse_cents" >= 0 and "sales"."budget_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "till_cash_movements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"kind" "cash_movement_kind" NOT NULL,
	"amount_cents" integer NOT NULL,
	"reason" text NOT NULL,
	"user_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "till_cash_amount_check" CHECK ("till_cash_movements"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "till_counters" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"last_sale" integer DEFAULT 0 NOT NULL,
	"last_z" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "till_overrides" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"supervisor_id" uuid NOT NULL,
	"requested_by" uuid NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "till_overrides_org_id_key" UNIQUE("organisation_id","id")
);
--> statement-breakpoint
CREATE TABLE "till_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"device_id" uuid,
	"api_token_id" uuid,
	"status" "till_session_status" DEFAULT 'open' NOT NULL,
	"float_cents" integer NOT NULL,
	"opened_by" uuid NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"z_number" integer,
	"z_report" jsonb,
	"note" text,
	CONSTRAINT "till_sessions_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "till_sessions_org_z_key" UNIQUE("organisation_id","z_number"),
	CONSTRAINT "till_sessions_float_check" CHECK ("till_sessions"."float_cents" >= 0),
	CONSTRAINT "till_sessions_point_check" CHECK (("till_sessions"."device_id" is null) <> ("till_sessions"."api_token_id" is null))
);
--> statement-breakpoint
ALTER TABLE "right_budget_uses" DROP CONSTRAINT "right_budget_uses_amount_check";--> statement-breakpoint
ALTER TABLE "held_baskets" ADD CONSTRAINT "held_baskets_session_fk" FOREIGN KEY ("organisation_id","session_id") REFERENCES "public"."till_sessions"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "held_baskets" ADD CONSTRAINT "held_baskets_household_fk" FOREIGN KEY ("organisation_id","household_id") REFERENCES "public"."households"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "held_baskets" ADD CONSTRAINT "held_baskets_user_fk" FOREIGN KEY ("organisation_id","held_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_lines" ADD CONSTRAINT "sale_lines_sale_fk" FOREIGN KEY ("organisation_id","sale_id") REFERENCES "public"."sales"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_lines" ADD CONSTRAINT "sale_lines_lot_fk" FOREIGN KEY ("organisation_id","lot_id") REFERENCES "public"."lots"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_lines" ADD CONSTRAINT "sale_lines_product_fk" FOREIGN KEY ("organisation_id","product_id") REFERENCES "public"."products"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_lines" ADD CONSTRAINT "sale_lines_category_fk" FOREIGN KEY ("organisation_id","category_id") REFERENCES "public"."categories"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_lines" ADD CONSTRAINT "sale_lines_movement_fk" FOREIGN KEY ("organisation_id","movement_id") REFERENCES "public"."stock_movements"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_payments" ADD CONSTRAINT "sale_payments_session_fk" FOREIGN KEY ("organisation_id","session_id") REFERENCES "public"."till_sessions"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_payments" ADD CONSTRAINT "sale_payments_sale_fk" FOREIGN KEY ("organisation_id","sale_id") REFERENCES "public"."sales"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_payments" ADD CONSTRAINT "sale_payments_return_fk" FOREIGN KEY ("organisation_id","return_id") REFERENCES "public"."sale_returns"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_return_lines" ADD CONSTRAINT "sale_return_lines_return_fk" FOREIGN KEY ("organisation_id","return_id") REFERENCES "public"."sale_returns"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_return_lines" ADD CONSTRAINT "sale_return_lines_line_fk" FOREIGN KEY ("organisation_id","sale_line_id") REFERENCES "public"."sale_lines"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_returns" ADD CONSTRAINT "sale_returns_sale_fk" FOREIGN KEY ("organisation_id","sale_id") REFERENCES "public"."sales"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_returns" ADD CONSTRAINT "sale_returns_session_fk" FOREIGN KEY ("organisation_id","session_id") REFERENCES "public"."till_sessions"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_returns" ADD CONSTRAINT "sale_returns_user_fk" FOREIGN KEY ("organisation_id","user_id") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales" ADD CONSTRAINT "sales_session_fk" FOREIGN KEY ("organisation_id","session_id") REFERENCES "public"."till_sessions"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales" ADD CONSTRAINT "sales_household_fk" FOREIGN KEY ("organisation_id","household_id") REFERENCES "public"."households"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales" ADD CONSTRAINT "sales_right_fk" FOREIGN KEY ("organisation_id","right_id") REFERENCES "public"."rights"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales" ADD CONSTRAINT "sales_override_fk" FOREIGN KEY ("organisation_id","override_id") REFERENCES "public"."till_overrides"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales" ADD CONSTRAINT "sales_user_fk" FOREIGN KEY ("organisation_id","user_id") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "till_cash_movements" ADD CONSTRAINT "till_cash_session_fk" FOREIGN KEY ("organisation_id","session_id") REFERENCES "public"."till_sessions"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "till_cash_movements" ADD CONSTRAINT "till_cash_user_fk" FOREIGN KEY ("organisation_id","user_id") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "till_counters" ADD CONSTRAINT "till_counters_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "till_overrides" ADD CONSTRAINT "till_overrides_session_fk" FOREIGN KEY ("organisation_id","session_id") REFERENCES "public"."till_sessions"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "till_overrides" ADD CONSTRAINT "till_overrides_household_fk" FOREIGN KEY ("organisation_id","household_id") REFERENCES "public"."households"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "till_overrides" ADD CONSTRAINT "till_overrides_supervisor_fk" FOREIGN KEY ("organisation_id","supervisor_id") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "till_overrides" ADD CONSTRAINT "till_overrides_requested_fk" FOREIGN KEY ("organisation_id","requested_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "till_sessions" ADD CONSTRAINT "till_sessions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "till_sessions" ADD CONSTRAINT "till_sessions_device_fk" FOREIGN KEY ("organisation_id","device_id") REFERENCES "public"."devices"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "till_sessions" ADD CONSTRAINT "till_sessions_token_fk" FOREIGN KEY ("api_token_id") REFERENCES "public"."api_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "till_sessions" ADD CONSTRAINT "till_sessions_opened_by_fk" FOREIGN KEY ("organisation_id","opened_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "till_sessions" ADD CONSTRAINT "till_sessions_closed_by_fk" FOREIGN KEY ("organisation_id","closed_by") REFERENCES "public"."users"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "held_baskets_org_status_idx" ON "held_baskets" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "sale_lines_sale_idx" ON "sale_lines" USING btree ("sale_id");--> statement-breakpoint
CREATE INDEX "sale_payments_session_idx" ON "sale_payments" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "sale_payments_sale_idx" ON "sale_payments" USING btree ("sale_id");--> statement-breakpoint
CREATE INDEX "sale_return_lines_line_idx" ON "sale_return_lines" USING btree ("sale_line_id");--> statement-breakpoint
CREATE INDEX "sale_returns_sale_idx" ON "sale_returns" USING btree ("sale_id");--> statement-breakpoint
CREATE INDEX "sale_returns_session_idx" ON "sale_returns" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "sales_org_at_idx" ON "sales" USING btree ("organisation_id","at");--> statement-breakpoint
CREATE INDEX "sales_session_idx" ON "sales" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "sales_household_day_idx" ON "sales" USING btree ("organisation_id","household_id","day");--> statement-breakpoint
CREATE INDEX "till_cash_session_idx" ON "till_cash_movements" USING btree ("session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "till_sessions_open_device_key" ON "till_sessions" USING btree ("device_id") WHERE status = 'open' and device_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "till_sessions_open_token_key" ON "till_sessions" USING btree ("api_token_id") WHERE status = 'open' and api_token_id is not null;--> statement-breakpoint
CREATE INDEX "till_sessions_org_opened_idx" ON "till_sessions" USING btree ("organisation_id","opened_at");--> statement-breakpoint
ALTER TABLE "right_budget_uses" ADD CONSTRAINT "right_budget_uses_amount_check" CHECK ("right_budget_uses"."amount_cents" <> 0);