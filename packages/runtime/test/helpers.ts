import { eq, inArray } from "drizzle-orm";
import { recordEvents } from "@partnerflow/service";
import { schema, type Database } from "@partnerflow/db";
import type { EventInput } from "@partnerflow/domain";
import { templateById } from "@partnerflow/workflow/fixtures";
import type { GraphDocumentInput } from "@partnerflow/workflow";
import { activateWorkflow, createWorkflow, publishWorkflow } from "../src/index.ts";

/** Creates, publishes and activates a workflow from a fixture id or a graph. */
export async function liveWorkflow(
  database: Database,
  source: string | GraphDocumentInput,
  name = typeof source === "string" ? source : "test workflow",
): Promise<string> {
  const graph = typeof source === "string" ? templateById(source)?.graph : source;
  if (!graph) throw new Error("no such fixture");
  const { id } = await createWorkflow(database.db, { name, graph });
  const { version } = await publishWorkflow(database.db, { id, note: "test" });
  await activateWorkflow(database.db, { id, version });
  return id;
}

let n = 0;
/** A partner.created event for a fresh partner id. */
export function partnerCreated(
  over: Partial<Record<string, unknown>> = {},
  at = "2026-02-01T10:00:00Z",
): EventInput {
  const id = `p${++n}_${Math.random().toString(36).slice(2, 8)}`;
  return {
    type: "partner.created",
    idempotencyKey: `created-${id}`,
    partnerId: id,
    occurredAt: at,
    payload: {
      name: `Partner ${id}`,
      tier: "Registered",
      region: "EMEA",
      country: "DE",
      type: "reseller",
      status: "active",
      ...over,
    },
  };
}

export function sale(
  partnerId: string,
  amount: string,
  at: string,
  key: string,
  productLine = "core",
): EventInput {
  return {
    type: "sale.recorded",
    idempotencyKey: key,
    partnerId,
    occurredAt: at,
    payload: { saleId: key, amount: { amount, currency: "USD" }, productLine },
  } as EventInput;
}

export async function record(database: Database, events: EventInput[]): Promise<void> {
  await recordEvents(database.db, events);
}

/** "Sale recorded → a fixed USD rebate": the smallest workflow with an internal effect. */
export const rewardPerSaleGraph = (amount: string): GraphDocumentInput => ({
  nodes: [
    {
      id: "t",
      type: "trigger.event",
      typeVersion: 1,
      config: { eventType: "sale.recorded" },
      position: { x: 0, y: 0 },
    },
    {
      id: "r",
      type: "action.issue_reward",
      typeVersion: 1,
      config: {
        rewardKind: "rebate",
        amount: { mode: "fixed", money: { amount, currency: "USD" } },
        status: "pending",
        reason: "per sale",
      },
      position: { x: 1, y: 0 },
    },
  ],
  edges: [{ id: "e1", source: "t", sourcePort: "out", target: "r", targetPort: "in" }],
});

/** `count` fresh partners with `sales` sales of $10 each, recorded in event order. */
export async function partnersWithSales(
  database: Database,
  count: number,
  sales: number,
): Promise<string[]> {
  const created = Array.from({ length: count }, () => partnerCreated());
  const ids = created.map((c) => c.partnerId!);
  await record(database, created);
  for (let s = 0; s < sales; s++) {
    await record(
      database,
      ids.map((p) => sale(p, "10.00", `2026-03-0${s + 1}T10:00:00Z`, `x-${p}-${s}`)),
    );
  }
  return ids;
}

/** The reward ledger entries of these partners. */
export function rewardsOf(database: Database, ids: string[]) {
  return database.db
    .select()
    .from(schema.rewardLedger)
    .where(inArray(schema.rewardLedger.partnerId, ids));
}

/**
 * Runs `fn` while another transaction holds a partner's row lock (PostgreSQL: a step that
 * writes for that partner waits for it), then releases it.
 */
export async function whilePartnerLocked<T>(
  database: Database,
  partnerId: string,
  fn: () => Promise<T>,
): Promise<T> {
  let release!: () => void;
  const held = new Promise<void>((res) => (release = res));
  let lockTaken!: () => void;
  const taken = new Promise<void>((res) => (lockTaken = res));
  const locker = database.db.transaction(async (tx) => {
    await tx.select().from(schema.partners).where(eq(schema.partners.id, partnerId)).for("update");
    lockTaken();
    await held;
  });
  await taken;
  try {
    return await fn();
  } finally {
    release();
    await locker;
  }
}
