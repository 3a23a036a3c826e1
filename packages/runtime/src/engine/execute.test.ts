import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema, type Database } from "@partnerflow/db";
import { createTestDatabase, describeEachBackend, testBackends } from "@partnerflow/db/testing";
import { runtimeResources, runUntilIdle, startRuntime } from "../runtime.ts";
import {
  liveWorkflow,
  partnersWithSales,
  rewardPerSaleGraph,
  rewardsOf,
  whilePartnerLocked,
} from "../../test/helpers.ts";
import { dispatchOnce } from "./dispatch.ts";
import { claimRuns, executeRuns } from "./execute.ts";

const REWARD_PER_SALE = rewardPerSaleGraph("1.00");

describeEachBackend("batched execution", (get) => {
  it("claims at most one run per (workflow, partner), so each partner's runs go in event order", async () => {
    const database = get();
    const wf = await liveWorkflow(database, REWARD_PER_SALE);
    const ids = await partnersWithSales(database, 4, 3);
    const r = runtimeResources({ database, limits: { claimBatch: 50 } });
    while ((await dispatchOnce(r, { inline: false })) > 0);
    const claimed = await claimRuns(r);
    const runs = await database.db
      .select()
      .from(schema.runs)
      .where(inArray(schema.runs.id, claimed));
    expect(runs.map((x) => x.partnerId).sort()).toEqual([...ids].sort());
    // The claimed run of each partner is its earliest one.
    const all = await database.db.select().from(schema.runs).where(eq(schema.runs.workflowId, wf));
    for (const run of runs) {
      const mine = all.filter((x) => x.partnerId === run.partnerId);
      expect(run.orderSeq).toBe(Math.min(...mine.map((x) => x.orderSeq)));
    }
    await executeRuns(r, claimed);
    await runUntilIdle({ database, limits: { claimBatch: 50, executeParallel: 4 } });
    const rewards = await rewardsOf(database, ids);
    expect(rewards).toHaveLength(12);
    const done = await database.db.select().from(schema.runs).where(eq(schema.runs.workflowId, wf));
    expect(done.every((x) => x.status === "completed")).toBe(true);
    // Runs executed side by side record their rewards together, each under its own run.
    const partnerOfRun = new Map(done.map((x) => [x.id, x.partnerId]));
    expect(new Set(rewards.map((x) => x.runId)).size).toBe(12);
    for (const reward of rewards) expect(partnerOfRun.get(reward.runId!)).toBe(reward.partnerId);
  });
});

describeEachBackend("claiming runs without a partner", (get) => {
  it("claims every queued run without a partner: they have no order to keep", async () => {
    const database = get();
    const wf = await liveWorkflow(database, REWARD_PER_SALE);
    await partnersWithSales(database, 1, 1);
    const r = runtimeResources({ database, limits: { claimBatch: 50 } });
    while ((await dispatchOnce(r, { inline: false })) > 0);
    const [model] = await database.db
      .select()
      .from(schema.runs)
      .where(eq(schema.runs.workflowId, wf));
    // Two runs of the same workflow with no partner, queued behind each other.
    const loose = [1, 2].map((i) => ({
      ...model!,
      id: `${model!.id}-loose${i}`,
      triggerKey: `loose-${i}`,
      partnerId: null,
      orderSeq: model!.orderSeq + i,
    }));
    await database.db.insert(schema.runs).values(loose);
    const claimed = await claimRuns(r);
    expect(claimed).toEqual(expect.arrayContaining([model!.id, ...loose.map((x) => x.id)]));
    expect(claimed).toHaveLength(3);
  });
});

describeEachBackend("worker wake-up", (get) => {
  it("an idle worker loop wakes on the database's notification, not on its poll interval", async () => {
    const database = get();
    const wf = await liveWorkflow(database, REWARD_PER_SALE);
    await runUntilIdle({ database });
    // The poll interval is far longer than the test's timeout: only NOTIFY can wake the loop.
    const runtime = startRuntime({ database, pollMs: 3_600_000 });
    try {
      await new Promise((res) => setTimeout(res, 200)); // the loop goes idle
      const ids = await partnersWithSales(database, 1, 1);
      for (;;) {
        const runs = await database.db
          .select()
          .from(schema.runs)
          .where(eq(schema.runs.workflowId, wf));
        if (runs.some((x) => x.status === "completed")) break;
        await new Promise((res) => setTimeout(res, 50));
      }
      expect(await rewardsOf(database, ids)).toHaveLength(1);
    } finally {
      await runtime.stop();
    }
  }, 30_000);
});

// A step that hangs needs a second connection holding a lock: PostgreSQL only (PGlite has one
// connection, and its steps cannot wait on a lock).
for (const kind of testBackends().filter((k) => k === "postgres")) {
  describe(`a step timeout in a batch [${kind}]`, () => {
    let database: Database;
    beforeAll(async () => {
      database = await createTestDatabase(kind);
    }, 60_000);
    afterAll(async () => {
      await database.close();
    });

    it("rolls back the whole group: nothing commits, the culprit is a fault, the others are requeued without penalty", async () => {
      const wf = await liveWorkflow(database, REWARD_PER_SALE);
      const ids = await partnersWithSales(database, 3, 1);
      const hung = ids[1]!;
      const r = runtimeResources({
        database,
        limits: { stepTimeoutMs: 300, executeParallel: 1, claimBatch: 16 },
      });
      while ((await dispatchOnce(r, { inline: false })) > 0);
      const claimed = await claimRuns(r);
      expect(claimed).toHaveLength(3);

      // Another transaction holds one partner's row: its reward step waits for it.
      await whilePartnerLocked(database, hung, () => executeRuns(r, claimed));

      expect(await rewardsOf(database, ids)).toHaveLength(0);
      const runs = await database.db
        .select()
        .from(schema.runs)
        .where(eq(schema.runs.workflowId, wf));
      expect(runs.map((x) => x.status)).toEqual(["queued", "queued", "queued"]);
      const culprit = runs.find((x) => x.partnerId === hung)!;
      expect(culprit.attempts).toBe(1);
      expect(culprit.error).toMatchObject({ code: "transient" });
      expect((culprit.error as { message: string }).message).toContain("longer than 300 ms");
      for (const run of runs.filter((x) => x.partnerId !== hung)) {
        expect(run.attempts).toBe(0);
        expect(run.leaseOwner).toBeNull();
      }

      // Once the lock is gone every run completes exactly once.
      await database.db
        .update(schema.runs)
        .set({ dueAt: null })
        .where(eq(schema.runs.id, culprit.id));
      await runUntilIdle({ database });
      expect(await rewardsOf(database, ids)).toHaveLength(3);
      const after = await database.db
        .select()
        .from(schema.runs)
        .where(eq(schema.runs.workflowId, wf));
      expect(after.map((x) => x.status)).toEqual(["completed", "completed", "completed"]);
    });
  });
}
