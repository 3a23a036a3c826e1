CREATE TABLE "contacts" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"role" text,
	"primary" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enablement_grants" (
	"partner_id" text NOT NULL,
	"content" text NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "enablement_grants_partner_id_content_pk" PRIMARY KEY("partner_id","content")
);
--> statement-breakpoint
CREATE TABLE "partners" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"tier" text NOT NULL,
	"region" text NOT NULL,
	"country" text NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"account_manager_id" text,
	"compliant" boolean DEFAULT true NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"region" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deals" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"customer" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"amount_reporting_minor" bigint NOT NULL,
	"product_line" text NOT NULL,
	"status" text NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"expected_close_date" date,
	"status_changed_at" timestamp with time zone NOT NULL,
	"won_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inventory_levels" (
	"partner_id" text NOT NULL,
	"sku" text NOT NULL,
	"product" text,
	"level" integer NOT NULL,
	"threshold" integer DEFAULT 0 NOT NULL,
	"target_level" integer DEFAULT 0 NOT NULL,
	"case_size" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inventory_levels_partner_id_sku_pk" PRIMARY KEY("partner_id","sku")
);
--> statement-breakpoint
CREATE TABLE "leads" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text,
	"company" text NOT NULL,
	"region" text NOT NULL,
	"country" text,
	"product_line" text,
	"estimated_value_minor" bigint,
	"currency" char(3),
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"assigned_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "reorders" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"sku" text NOT NULL,
	"quantity" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sales" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"amount_reporting_minor" bigint NOT NULL,
	"product_line" text NOT NULL,
	"sku" text,
	"quantity" integer,
	"deal_id" text,
	"sold_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certifications" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"name" text NOT NULL,
	"earned_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"expired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "csat_scores" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"score" numeric(4, 2) NOT NULL,
	"comment" text,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone,
	"reviewed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "licenses" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"product" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"renewed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "trainings" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"course" text NOT NULL,
	"status" text NOT NULL,
	"assigned_at" timestamp with time zone,
	"due_date" date,
	"completed_at" timestamp with time zone,
	"score" numeric(5, 2)
);
--> statement-breakpoint
CREATE TABLE "exchange_rates" (
	"day" date NOT NULL,
	"currency" char(3) NOT NULL,
	"per_usd" numeric(18, 8) NOT NULL,
	CONSTRAINT "exchange_rates_day_currency_pk" PRIMARY KEY("day","currency")
);
--> statement-breakpoint
CREATE TABLE "reward_ledger" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"kind" text NOT NULL,
	"amount_minor" bigint,
	"currency" char(3),
	"points" integer,
	"status" text NOT NULL,
	"reason" text NOT NULL,
	"period_key" text,
	"run_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text,
	"recipient_user_id" text,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"run_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"partner_id" text,
	"run_id" text,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text,
	"title" text NOT NULL,
	"assignee_user_id" text,
	"team" text,
	"status" text NOT NULL,
	"due_date" date,
	"run_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"partner_id" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"payload" jsonb NOT NULL,
	"idempotency_key" text,
	"causation_run_id" text,
	"causation_depth" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "contacts_partner_idx" ON "contacts" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "partners_tier_idx" ON "partners" USING btree ("tier");--> statement-breakpoint
CREATE INDEX "partners_region_idx" ON "partners" USING btree ("region");--> statement-breakpoint
CREATE INDEX "partners_name_idx" ON "partners" USING btree ("name");--> statement-breakpoint
CREATE INDEX "deals_partner_idx" ON "deals" USING btree ("partner_id","status");--> statement-breakpoint
CREATE INDEX "deals_won_idx" ON "deals" USING btree ("partner_id","won_at");--> statement-breakpoint
CREATE INDEX "leads_partner_idx" ON "leads" USING btree ("partner_id","status");--> statement-breakpoint
CREATE INDEX "leads_region_idx" ON "leads" USING btree ("region","status");--> statement-breakpoint
CREATE INDEX "reorders_partner_idx" ON "reorders" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "sales_partner_time_idx" ON "sales" USING btree ("partner_id","sold_at");--> statement-breakpoint
CREATE INDEX "certifications_partner_idx" ON "certifications" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "csat_partner_time_idx" ON "csat_scores" USING btree ("partner_id","recorded_at");--> statement-breakpoint
CREATE INDEX "documents_partner_idx" ON "documents" USING btree ("partner_id","kind");--> statement-breakpoint
CREATE INDEX "licenses_partner_idx" ON "licenses" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "licenses_expiry_idx" ON "licenses" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "trainings_partner_idx" ON "trainings" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "rewards_partner_idx" ON "reward_ledger" USING btree ("partner_id","created_at");--> statement-breakpoint
CREATE INDEX "rewards_status_idx" ON "reward_ledger" USING btree ("status");--> statement-breakpoint
CREATE INDEX "notifications_partner_idx" ON "notifications" USING btree ("partner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_idem_idx" ON "outbox" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "tasks_partner_idx" ON "tasks" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "tasks_status_idx" ON "tasks" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "events_idem_idx" ON "events" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "events_partner_time_idx" ON "events" USING btree ("partner_id","occurred_at","seq");--> statement-breakpoint
CREATE INDEX "events_time_idx" ON "events" USING btree ("occurred_at","seq");--> statement-breakpoint
CREATE INDEX "events_type_idx" ON "events" USING btree ("type","seq");