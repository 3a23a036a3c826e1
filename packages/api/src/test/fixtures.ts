import { EventInputSchema, type EventInput } from "@partnerflow/domain";
import type { Database } from "@partnerflow/db";
import { recordEvents } from "@partnerflow/service";
import { createCallerFactory, createContext, type Logger } from "../index.ts";
import { appRouter } from "../routers/root.ts";

/** The tests' "now": mid-Q2 2026, so "this quarter" is April–June 2026. */
export const NOW = new Date("2026-05-15T12:00:00Z");

const quiet: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => quiet,
};

/** A caller for the whole router over a test database, with the clock pinned to NOW. */
export function callerFor(database: Database) {
  return createCallerFactory(appRouter)(createContext({ database, logger: quiet, now: () => NOW }));
}

let key = 0;
/** Builds a validated event; the idempotency key is unique per call. */
export function ev(
  type: string,
  partnerId: string | undefined,
  occurredAt: string,
  payload: Record<string, unknown>,
): EventInput {
  return EventInputSchema.parse({
    type,
    partnerId,
    occurredAt,
    idempotencyKey: `fixture-${++key}`,
    payload,
  });
}

/** Partners with distinct names, tiers, regions and join dates, listed here in name order. */
export const PARTNERS = [
  {
    id: "p-acme",
    name: "Acme Resale",
    tier: "Gold",
    region: "NA",
    createdAt: "2025-01-10T00:00:00Z",
  },
  {
    id: "p-blue",
    name: "Blue Harbor 100% IT",
    tier: "Registered",
    region: "EMEA",
    createdAt: "2025-03-01T00:00:00Z",
  },
  {
    id: "p-cobalt",
    name: "Cobalt Systems",
    tier: "Platinum",
    region: "APAC",
    createdAt: "2024-11-20T00:00:00Z",
  },
  {
    id: "p-delta",
    name: "Delta Distribution",
    tier: "Silver",
    region: "NA",
    createdAt: "2025-06-05T00:00:00Z",
  },
  {
    id: "p-echo",
    name: "echo networks",
    tier: "Silver",
    region: "LATAM",
    createdAt: "2025-02-14T00:00:00Z",
  },
] as const;

/** Seeds users, partners and some activity for p-acme through the real service. */
export async function seed(database: Database): Promise<void> {
  const inputs: EventInput[] = PARTNERS.map((p) =>
    ev("partner.created", p.id, p.createdAt, {
      name: p.name,
      tier: p.tier,
      region: p.region,
      country: "US",
      type: "reseller",
      status: p.id === "p-echo" ? "onboarding" : "active",
    }),
  );
  inputs.push(
    ev("sale.recorded", "p-acme", "2026-01-20T10:00:00Z", {
      saleId: "s-old",
      amount: { amount: "500.00", currency: "USD" },
      productLine: "core",
    }),
    ev("sale.recorded", "p-acme", "2026-04-02T10:00:00Z", {
      saleId: "s-q2a",
      amount: { amount: "1200.50", currency: "USD" },
      productLine: "premium",
    }),
    ev("sale.recorded", "p-acme", "2026-05-01T10:00:00Z", {
      saleId: "s-q2b",
      amount: { amount: "300.00", currency: "USD" },
      productLine: "core",
    }),
    ev("certification.earned", "p-acme", "2026-02-01T00:00:00Z", {
      certificationId: "c-1",
      name: "Cloud Architect",
    }),
    ev("reward.issued", "p-acme", "2026-04-10T00:00:00Z", {
      rewardId: "r-1",
      kind: "cash_bonus",
      amount: { amount: "2000.00", currency: "USD" },
      status: "pending",
      reason: "Quarterly milestone",
    }),
    ev("reward.issued", "p-acme", "2026-04-11T00:00:00Z", {
      rewardId: "r-2",
      kind: "rebate",
      amount: { amount: "150.00", currency: "EUR" },
      status: "approved",
      reason: "Premium rebate",
    }),
  );
  await recordEvents(database.db, inputs);
}
