import { date, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { currency, minor, ts } from "./common.ts";

export const deals = pgTable(
  "deals",
  {
    id: text("id").primaryKey(),
    partnerId: text("partner_id").notNull(),
    customer: text("customer").notNull(),
    amountMinor: minor("amount_minor").notNull(),
    currency: currency().notNull(),
    /** Amount in the reporting currency at the registration day's rate. */
    amountReportingMinor: minor("amount_reporting_minor").notNull(),
    productLine: text("product_line").notNull(),
    status: text("status").notNull(),
    registeredAt: ts("registered_at").notNull(),
    expectedCloseDate: date("expected_close_date", { mode: "string" }),
    statusChangedAt: ts("status_changed_at").notNull(),
    wonAt: ts("won_at"),
  },
  (t) => [
    index("deals_partner_idx").on(t.partnerId, t.status),
    index("deals_won_idx").on(t.partnerId, t.wonAt),
  ],
);

export const leads = pgTable(
  "leads",
  {
    id: text("id").primaryKey(),
    partnerId: text("partner_id"),
    company: text("company").notNull(),
    region: text("region").notNull(),
    country: text("country"),
    productLine: text("product_line"),
    estimatedValueMinor: minor("estimated_value_minor"),
    currency: currency(),
    status: text("status").notNull(),
    createdAt: ts("created_at").notNull(),
    assignedAt: ts("assigned_at"),
  },
  (t) => [
    index("leads_partner_idx").on(t.partnerId, t.status),
    index("leads_region_idx").on(t.region, t.status),
  ],
);

export const sales = pgTable(
  "sales",
  {
    id: text("id").primaryKey(),
    partnerId: text("partner_id").notNull(),
    amountMinor: minor("amount_minor").notNull(),
    currency: currency().notNull(),
    /** Amount in the reporting currency at the sale day's rate. */
    amountReportingMinor: minor("amount_reporting_minor").notNull(),
    productLine: text("product_line").notNull(),
    sku: text("sku"),
    quantity: integer("quantity"),
    dealId: text("deal_id"),
    soldAt: ts("sold_at").notNull(),
  },
  (t) => [index("sales_partner_time_idx").on(t.partnerId, t.soldAt)],
);

export const inventoryLevels = pgTable(
  "inventory_levels",
  {
    partnerId: text("partner_id").notNull(),
    sku: text("sku").notNull(),
    product: text("product"),
    level: integer("level").notNull(),
    threshold: integer("threshold").notNull().default(0),
    targetLevel: integer("target_level").notNull().default(0),
    caseSize: integer("case_size").notNull().default(1),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.sku] })],
);

export const reorders = pgTable(
  "reorders",
  {
    id: text("id").primaryKey(),
    partnerId: text("partner_id").notNull(),
    sku: text("sku").notNull(),
    quantity: integer("quantity").notNull(),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [index("reorders_partner_idx").on(t.partnerId)],
);
