import { bigserial, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { ts } from "./common.ts";

/** The append-only domain event log; current-state tables are its projections. */
export const events = pgTable(
  "events",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    type: text("type").notNull(),
    partnerId: text("partner_id"),
    occurredAt: ts("occurred_at").notNull(),
    recordedAt: ts("recorded_at").notNull().defaultNow(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    idempotencyKey: text("idempotency_key"),
    causationRunId: text("causation_run_id"),
    causationDepth: integer("causation_depth").notNull().default(0),
  },
  (t) => [
    uniqueIndex("events_idem_idx").on(t.idempotencyKey),
    index("events_partner_time_idx").on(t.partnerId, t.occurredAt, t.seq),
    index("events_time_idx").on(t.occurredAt, t.seq),
    index("events_type_idx").on(t.type, t.seq),
  ],
);
