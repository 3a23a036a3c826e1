import {
  bigserial,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { ts } from "./common.ts";

export const tasks = pgTable(
  "tasks",
  {
    id: text("id").primaryKey(),
    partnerId: text("partner_id"),
    title: text("title").notNull(),
    assigneeUserId: text("assignee_user_id"),
    team: text("team"),
    status: text("status").notNull(),
    dueDate: date("due_date", { mode: "string" }),
    runId: text("run_id"),
    createdAt: ts("created_at").notNull(),
    completedAt: ts("completed_at"),
  },
  (t) => [index("tasks_partner_idx").on(t.partnerId), index("tasks_status_idx").on(t.status)],
);

/** In-app notifications shown to partners or users. */
export const notifications = pgTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    partnerId: text("partner_id"),
    recipientUserId: text("recipient_user_id"),
    title: text("title").notNull(),
    body: text("body").notNull(),
    runId: text("run_id"),
    createdAt: ts("created_at").notNull(),
    readAt: ts("read_at"),
  },
  (t) => [index("notifications_partner_idx").on(t.partnerId)],
);

/**
 * External effects (email, webhook) written in the transaction that decided them and
 * delivered at least once; the idempotency key makes them once for the receiver.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    channel: text("channel").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    partnerId: text("partner_id"),
    runId: text("run_id"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull().defaultNow(),
    lastError: text("last_error"),
    createdAt: ts("created_at").notNull().defaultNow(),
    deliveredAt: ts("delivered_at"),
  },
  (t) => [
    uniqueIndex("outbox_idem_idx").on(t.idempotencyKey),
    index("outbox_due_idx").on(t.status, t.nextAttemptAt),
  ],
);

/** Small key/value store for instance settings (the hashed API key, the demo seed marker). */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});
