import { date, index, integer, pgTable, primaryKey, numeric, text } from "drizzle-orm/pg-core";
import { currency, minor, ts } from "./common.ts";

export const rewardLedger = pgTable(
  "reward_ledger",
  {
    id: text("id").primaryKey(),
    partnerId: text("partner_id").notNull(),
    kind: text("kind").notNull(),
    amountMinor: minor("amount_minor"),
    currency: currency(),
    points: integer("points"),
    status: text("status").notNull(),
    reason: text("reason").notNull(),
    periodKey: text("period_key"),
    /** The workflow run that issued the entry, when a workflow did. */
    runId: text("run_id"),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    index("rewards_partner_idx").on(t.partnerId, t.createdAt),
    index("rewards_status_idx").on(t.status),
  ],
);

/** Units of `currency` per 1 unit of the reporting currency (USD), per day. */
export const exchangeRates = pgTable(
  "exchange_rates",
  {
    day: date("day", { mode: "string" }).notNull(),
    currency: currency().notNull(),
    perUsd: numeric("per_usd", { precision: 18, scale: 8 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.currency] })],
);
