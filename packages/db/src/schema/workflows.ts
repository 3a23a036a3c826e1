import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { currency, ts } from "./common.ts";

/**
 * A workflow: its editable draft (graph document) and which published version is live.
 * `draftRevision` is bumped on every save, for optimistic concurrency.
 */
export const workflows = pgTable(
  "workflows",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** draft | active | inactive (derived from activeVersion, kept for listing) */
    status: text("status").notNull().default("draft"),
    draft: jsonb("draft").$type<Record<string, unknown>>().notNull(),
    draftRevision: integer("draft_revision").notNull().default(0),
    archived: boolean("archived").notNull().default(false),
    activeVersion: integer("active_version"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("workflows_name_idx").on(t.name)],
);

/** An immutable published version: the graph, the compiled workflow and its content hash. */
export const workflowVersions = pgTable(
  "workflow_versions",
  {
    id: text("id").primaryKey(),
    workflowId: text("workflow_id").notNull(),
    version: integer("version").notNull(),
    graph: jsonb("graph").$type<Record<string, unknown>>().notNull(),
    ir: jsonb("ir").$type<Record<string, unknown>>().notNull(),
    hash: text("hash").notNull(),
    note: text("note").notNull(),
    author: text("author"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("workflow_versions_num_idx").on(t.workflowId, t.version)],
);

/**
 * The trigger index of ACTIVE versions, so dispatch looks workflows up by event type instead
 * of scanning them. `eventType` is "*" for triggers any partner event may fire (record change,
 * threshold); `kind` tells the dispatcher how to match. Schedules and date-relative triggers
 * are listed with eventType null and found by kind.
 */
export const workflowTriggers = pgTable(
  "workflow_triggers",
  {
    versionId: text("version_id").notNull(),
    workflowId: text("workflow_id").notNull(),
    kind: text("kind").notNull(),
    eventType: text("event_type"),
    /** Since when it is active: events recorded before activation never start runs. */
    activeFromSeq: bigint("active_from_seq", { mode: "number" }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.versionId, t.kind] }),
    index("workflow_triggers_event_idx").on(t.eventType),
    index("workflow_triggers_kind_idx").on(t.kind),
  ],
);

/** One execution of a workflow version. Unique per (version, trigger key): redelivery is a no-op. */
export const runs = pgTable(
  "runs",
  {
    id: text("id").primaryKey(),
    workflowId: text("workflow_id").notNull(),
    versionId: text("version_id").notNull(),
    version: integer("version").notNull(),
    triggerKey: text("trigger_key").notNull(),
    partnerId: text("partner_id"),
    /** queued | running | parked | completed | failed | dead | cancelled */
    status: text("status").notNull(),
    state: jsonb("state").$type<Record<string, unknown>>().notNull(),
    /** When a queued run may start / a parked run times out (database clock). */
    dueAt: ts("due_at"),
    /** For wait-for-event: the event type that resumes it. */
    waitEventType: text("wait_event_type"),
    leaseOwner: text("lease_owner"),
    leaseUntil: ts("lease_until"),
    attempts: integer("attempts").notNull().default(0),
    causationDepth: integer("causation_depth").notNull().default(0),
    /** Ordering key: runs of one workflow for one partner run in this order (event seq). */
    orderSeq: bigint("order_seq", { mode: "number" }).notNull().default(0),
    error: jsonb("error").$type<Record<string, unknown>>(),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    finishedAt: ts("finished_at"),
  },
  (t) => [
    uniqueIndex("runs_trigger_idx").on(t.versionId, t.triggerKey),
    index("runs_status_due_idx").on(t.status, t.dueAt),
    index("runs_order_idx").on(t.workflowId, t.partnerId, t.orderSeq),
    // Runs in line (queued or running) and runs not finished (parked too): the claim and the
    // dispatcher's busy pairs look only at these, however long the history of finished runs.
    index("runs_queue_order_idx")
      .on(t.workflowId, t.partnerId, t.orderSeq)
      .where(sql`${t.status} in ('queued', 'running')`),
    index("runs_open_partner_idx")
      .on(t.partnerId)
      .where(sql`${t.status} in ('queued', 'running', 'parked')`),
    index("runs_wait_idx").on(t.waitEventType, t.partnerId),
    index("runs_workflow_time_idx").on(t.workflowId, t.createdAt),
  ],
);

/** The step trace of a run, one row per executed step (the effects it applied included). */
export const runSteps = pgTable(
  "run_steps",
  {
    runId: text("run_id").notNull(),
    seq: integer("seq").notNull(),
    nodeId: text("node_id").notNull(),
    trace: jsonb("trace").$type<Record<string, unknown>>().notNull(),
    effects: jsonb("effects").$type<Record<string, unknown>[]>().notNull(),
    at: ts("at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

/** "Once per period" claims (threshold crossings, once-per-quarter rewards). */
export const workflowOnceClaims = pgTable("workflow_once_claims", {
  key: text("key").primaryKey(),
  runId: text("run_id"),
  createdAt: ts("created_at").notNull().defaultNow(),
});

/** Persistent counters (round robin). */
export const workflowCounters = pgTable("workflow_counters", {
  key: text("key").primaryKey(),
  value: bigint("value", { mode: "number" }).notNull().default(0),
});

/** Running totals counted against reward caps, in the cap's currency. */
export const workflowCapUsage = pgTable("workflow_cap_usage", {
  key: text("key").primaryKey(),
  usage: numeric("usage", { precision: 20, scale: 4 }).notNull(),
  currency: currency().notNull(),
});

/** Human approvals a parked run waits on. */
export const approvals = pgTable(
  "approvals",
  {
    id: text("id").primaryKey(),
    runId: text("run_id").notNull(),
    nodeId: text("node_id").notNull(),
    workflowId: text("workflow_id").notNull(),
    partnerId: text("partner_id"),
    title: text("title").notNull(),
    approverRole: text("approver_role").notNull(),
    /** pending | approved | rejected | timed_out | cancelled */
    status: text("status").notNull().default("pending"),
    decidedBy: text("decided_by"),
    comment: text("comment"),
    dueAt: ts("due_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
    decidedAt: ts("decided_at"),
  },
  (t) => [index("approvals_status_idx").on(t.status, t.createdAt)],
);

/** Named cursors of the runtime loops (the dispatcher's position in the event log). */
export const runtimeCursors = pgTable("runtime_cursors", {
  name: text("name").primaryKey(),
  seq: bigint("seq", { mode: "number" }).notNull().default(0),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/** Schedules and date-relative triggers: the last fire time handled per active version. */
export const scheduleCursors = pgTable("schedule_cursors", {
  versionId: text("version_id").primaryKey(),
  lastFireAt: ts("last_fire_at").notNull(),
});

/** Append-only audit of publish/activate/deactivate. */
export const workflowAudit = pgTable(
  "workflow_audit",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workflowId: text("workflow_id").notNull(),
    action: text("action").notNull(),
    version: integer("version"),
    actor: text("actor"),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    at: ts("at").notNull().defaultNow(),
  },
  (t) => [index("workflow_audit_wf_idx").on(t.workflowId, t.at)],
);
