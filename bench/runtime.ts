/**
 * Runtime figures: sustained runs/s for "sale recorded → condition → reward + email outbox",
 * fully persisted (run, steps, ledger event + projection, outbox row), and trigger-to-effect
 * latency of single events. In-process worker loops (1 and 2) on PostgreSQL and PGlite.
 */
import { eq, sql } from "drizzle-orm";
import { schema, queryRows, type BackendKind, type Database } from "@partnerflow/db";
import type { EventInput } from "@partnerflow/domain";
import { recordEvents } from "@partnerflow/service";
import {
  activateWorkflow,
  createWorkflow,
  publishWorkflow,
  runtimeResources,
  tick,
} from "@partnerflow/runtime";
import {
  opsPerSecond,
  percentile,
  withBenchDatabase,
  type BenchContext,
  type BenchModule,
  type BenchResult,
} from "./lib.ts";

const pos = { x: 0, y: 0 };
const GRAPH = {
  nodes: [
    {
      id: "t",
      type: "trigger.event",
      typeVersion: 1,
      config: { eventType: "sale.recorded" },
      position: pos,
    },
    {
      id: "c",
      type: "logic.condition",
      typeVersion: 1,
      config: {
        condition: {
          kind: "group",
          combinator: "all",
          children: [
            {
              kind: "clause",
              left: { source: "event", field: "amount" },
              op: "gte",
              right: { kind: "literal", value: { amount: "100.00", currency: "USD" } },
            },
          ],
        },
      },
      position: pos,
    },
    {
      id: "r",
      type: "action.issue_reward",
      typeVersion: 1,
      config: {
        rewardKind: "rebate",
        amount: { mode: "fixed", money: { amount: "5.00", currency: "USD" } },
        status: "pending",
        reason: "sale",
      },
      position: pos,
    },
    {
      id: "m",
      type: "action.send_email",
      typeVersion: 1,
      config: {
        to: "partner",
        template: "thanks",
        subject: "Thanks {{partner.name}}",
        body: "A rebate is on its way.",
      },
      position: pos,
    },
  ],
  edges: [
    { id: "e1", source: "t", sourcePort: "out", target: "c", targetPort: "in" },
    { id: "e2", source: "c", sourcePort: "true", target: "r", targetPort: "in" },
    { id: "e3", source: "r", sourcePort: "out", target: "m", targetPort: "in" },
  ],
};

async function setup(database: Database, partners: number): Promise<string[]> {
  const { id } = await createWorkflow(database.db, { name: "bench", graph: GRAPH });
  const { version } = await publishWorkflow(database.db, { id, note: "bench" });
  await activateWorkflow(database.db, { id, version });
  const ids = Array.from({ length: partners }, (_, i) => `bp${i}`);
  await recordEvents(
    database.db,
    ids.map((p) => ({
      type: "partner.created",
      idempotencyKey: `bench-${p}`,
      partnerId: p,
      payload: {
        name: p,
        tier: "Registered",
        region: "EMEA",
        country: "DE",
        type: "reseller",
        status: "active",
      },
    })),
  );
  return ids;
}

let k = 0;
const saleOf = (p: string): EventInput => ({
  type: "sale.recorded",
  idempotencyKey: `bs-${++k}-${Math.random()}`,
  partnerId: p,
  payload: {
    saleId: `bs${k}`,
    amount: { amount: "250.00", currency: "USD" },
    productLine: "core",
  },
});

async function completed(database: Database): Promise<number> {
  const [row] = await queryRows<{ n: string | number }>(
    database.db,
    sql`select count(*) as n from ${schema.runs} where status = 'completed'`,
  );
  return Number(row?.n ?? 0);
}

async function throughput(
  ctx: BenchContext,
  kind: BackendKind,
  loops: number,
  n: number,
): Promise<BenchResult> {
  return withBenchDatabase(kind, ctx.postgresUrl, async (database) => {
    const partners = await setup(database, 200);
    for (let i = 0; i < n; i += 500) {
      await recordEvents(
        database.db,
        Array.from({ length: Math.min(500, n - i) }, (_, j) =>
          saleOf(partners[(i + j) % partners.length]!),
        ),
      );
    }
    const started = performance.now();
    await Promise.all(
      Array.from({ length: loops }, async () => {
        const r = runtimeResources({ database, limits: { claimBatch: 32, dispatchBatch: 1000 } });
        for (;;) {
          const work = await tick(r);
          if (work === 0 && (await completed(database)) >= n) return;
        }
      }),
    );
    const ms = performance.now() - started;
    const [outboxRows] = await queryRows<{ n: string }>(
      database.db,
      sql`select count(*) as n from ${schema.outbox}`,
    );
    ctx.log(`${kind} x${loops}: ${n} runs in ${Math.round(ms)} ms, outbox ${outboxRows?.n}`);
    return {
      name: `runs/s, ${loops} worker loop(s)`,
      value: opsPerSecond(n, ms),
      unit: "runs/s",
      target: 500,
      backend: kind === "postgres" ? "postgresql" : "pglite",
    };
  });
}

async function latency(ctx: BenchContext, kind: BackendKind, n: number): Promise<BenchResult[]> {
  return withBenchDatabase(kind, ctx.postgresUrl, async (database) => {
    const partners = await setup(database, 20);
    const r = runtimeResources({ database });
    while ((await tick(r)) > 0);
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      const e = saleOf(partners[i % partners.length]!);
      const t0 = performance.now();
      await recordEvents(database.db, [e]);
      for (;;) {
        await tick(r);
        const [done] = await database.db
          .select({ id: schema.outbox.id })
          .from(schema.outbox)
          .where(eq(schema.outbox.status, "delivered_local"))
          .limit(1)
          .offset(i);
        if (done) break;
      }
      samples.push(performance.now() - t0);
    }
    const backend = kind === "postgres" ? "postgresql" : "pglite";
    return [
      {
        name: "trigger→effect latency p50 (single events)",
        value: Math.round(percentile(samples, 50) * 10) / 10,
        unit: "ms",
        target: null,
        backend,
        better: "lower",
      },
      {
        name: "trigger→effect latency p99 (single events)",
        value: Math.round(percentile(samples, 99) * 10) / 10,
        unit: "ms",
        target: 50,
        backend,
        better: "lower",
      },
    ];
  });
}

export const runtime: BenchModule = {
  area: "runtime",
  async run(ctx) {
    return [
      await throughput(ctx, "postgres", 1, 2000),
      await throughput(ctx, "postgres", 2, 2000),
      await throughput(ctx, "pglite", 1, 1000),
      ...(await latency(ctx, "postgres", 200)),
      ...(await latency(ctx, "pglite", 100)),
    ];
  },
};
