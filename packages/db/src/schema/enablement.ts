import { date, index, numeric, pgTable, text } from "drizzle-orm/pg-core";
import { ts } from "./common.ts";

export const trainings = pgTable(
  "trainings",
  {
    id: text("id").primaryKey(),
    partnerId: text("partner_id").notNull(),
    course: text("course").notNull(),
    status: text("status").notNull(),
    assignedAt: ts("assigned_at"),
    dueDate: date("due_date", { mode: "string" }),
    completedAt: ts("completed_at"),
    score: numeric("score", { precision: 5, scale: 2 }),
  },
  (t) => [index("trainings_partner_idx").on(t.partnerId)],
);

export const certifications = pgTable(
  "certifications",
  {
    id: text("id").primaryKey(),
    partnerId: text("partner_id").notNull(),
    name: text("name").notNull(),
    earnedAt: ts("earned_at").notNull(),
    expiresAt: ts("expires_at"),
    expiredAt: ts("expired_at"),
  },
  (t) => [index("certifications_partner_idx").on(t.partnerId)],
);

export const documents = pgTable(
  "documents",
  {
    id: text("id").primaryKey(),
    partnerId: text("partner_id").notNull(),
    kind: text("kind").notNull(),
    status: text("status").notNull(),
    submittedAt: ts("submitted_at").notNull(),
    validUntil: ts("valid_until"),
    reviewedAt: ts("reviewed_at"),
  },
  (t) => [index("documents_partner_idx").on(t.partnerId, t.kind)],
);

export const licenses = pgTable(
  "licenses",
  {
    id: text("id").primaryKey(),
    partnerId: text("partner_id").notNull(),
    product: text("product").notNull(),
    issuedAt: ts("issued_at").notNull(),
    expiresAt: ts("expires_at").notNull(),
    renewedAt: ts("renewed_at"),
  },
  (t) => [
    index("licenses_partner_idx").on(t.partnerId),
    index("licenses_expiry_idx").on(t.expiresAt),
  ],
);

export const csatScores = pgTable(
  "csat_scores",
  {
    id: text("id").primaryKey(),
    partnerId: text("partner_id").notNull(),
    score: numeric("score", { precision: 4, scale: 2 }).notNull(),
    comment: text("comment"),
    recordedAt: ts("recorded_at").notNull(),
  },
  (t) => [index("csat_partner_time_idx").on(t.partnerId, t.recordedAt)],
);
