CREATE TABLE "approvals" (
	"id" text PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"node_id" text NOT NULL,
	"workflow_id" text NOT NULL,
	"partner_id" text,
	"title" text NOT NULL,
	"approver_role" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" text,
	"comment" text,
	"due_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "run_steps" (
	"run_id" text NOT NULL,
	"seq" integer NOT NULL,
	"node_id" text NOT NULL,
	"trace" jsonb NOT NULL,
	"effects" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "run_steps_run_id_seq_pk" PRIMARY KEY("run_id","seq")
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" text PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"version_id" text NOT NULL,
	"version" integer NOT NULL,
	"trigger_key" text NOT NULL,
	"partner_id" text,
	"status" text NOT NULL,
	"state" jsonb NOT NULL,
	"due_at" timestamp with time zone,
	"wait_event_type" text,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"causation_depth" integer DEFAULT 0 NOT NULL,
	"order_seq" bigint DEFAULT 0 NOT NULL,
	"error" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "runtime_cursors" (
	"name" text PRIMARY KEY NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedule_cursors" (
	"version_id" text PRIMARY KEY NOT NULL,
	"last_fire_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflow_audit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"action" text NOT NULL,
	"version" integer,
	"actor" text,
	"detail" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflow_cap_usage" (
	"key" text PRIMARY KEY NOT NULL,
	"usage" numeric(20, 4) NOT NULL,
	"currency" char(3) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflow_counters" (
	"key" text PRIMARY KEY NOT NULL,
	"value" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflow_once_claims" (
	"key" text PRIMARY KEY NOT NULL,
	"run_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflow_triggers" (
	"version_id" text NOT NULL,
	"workflow_id" text NOT NULL,
	"kind" text NOT NULL,
	"event_type" text,
	"active_from_seq" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "workflow_triggers_version_id_kind_pk" PRIMARY KEY("version_id","kind")
);
--> statement-breakpoint
CREATE TABLE "workflow_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"version" integer NOT NULL,
	"graph" jsonb NOT NULL,
	"ir" jsonb NOT NULL,
	"hash" text NOT NULL,
	"note" text NOT NULL,
	"author" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflows" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"draft" jsonb NOT NULL,
	"draft_revision" integer DEFAULT 0 NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"active_version" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "approvals_status_idx" ON "approvals" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "runs_trigger_idx" ON "runs" USING btree ("version_id","trigger_key");--> statement-breakpoint
CREATE INDEX "runs_status_due_idx" ON "runs" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "runs_order_idx" ON "runs" USING btree ("workflow_id","partner_id","order_seq");--> statement-breakpoint
CREATE INDEX "runs_wait_idx" ON "runs" USING btree ("wait_event_type","partner_id");--> statement-breakpoint
CREATE INDEX "runs_workflow_time_idx" ON "runs" USING btree ("workflow_id","created_at");--> statement-breakpoint
CREATE INDEX "workflow_audit_wf_idx" ON "workflow_audit" USING btree ("workflow_id","at");--> statement-breakpoint
CREATE INDEX "workflow_triggers_event_idx" ON "workflow_triggers" USING btree ("event_type");--> statement-breakpoint
CREATE INDEX "workflow_triggers_kind_idx" ON "workflow_triggers" USING btree ("kind");--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_versions_num_idx" ON "workflow_versions" USING btree ("workflow_id","version");--> statement-breakpoint
CREATE INDEX "workflows_name_idx" ON "workflows" USING btree ("name");