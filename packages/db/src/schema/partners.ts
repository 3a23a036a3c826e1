import { boolean, index, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { ts } from "./common.ts";

export const users = pgTable("users", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull(),
  role: text("role").notNull(),
  region: text("region"),
  createdAt: ts("created_at").notNull().defaultNow(),
});

export const partners = pgTable(
  "partners",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    tier: text("tier").notNull(),
    region: text("region").notNull(),
    country: text("country").notNull(),
    type: text("type").notNull(),
    status: text("status").notNull(),
    accountManagerId: text("account_manager_id"),
    compliant: boolean("compliant").notNull().default(true),
    attributes: jsonb("attributes")
      .$type<Record<string, string | number | boolean>>()
      .notNull()
      .default({}),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    index("partners_tier_idx").on(t.tier),
    index("partners_region_idx").on(t.region),
    index("partners_name_idx").on(t.name),
  ],
);

export const contacts = pgTable(
  "contacts",
  {
    id: text("id").primaryKey(),
    partnerId: text("partner_id").notNull(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    role: text("role"),
    primary: boolean("primary").notNull().default(false),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [index("contacts_partner_idx").on(t.partnerId)],
);

export const enablementGrants = pgTable(
  "enablement_grants",
  {
    partnerId: text("partner_id").notNull(),
    content: text("content").notNull(),
    grantedAt: ts("granted_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.content] })],
);
