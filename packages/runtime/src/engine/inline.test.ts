import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema, type Database } from "@partnerflow/db";
import { createTestDatabase, describeEachBackend, testBackends } from "@partnerflow/db/testing";
import { runtimeResources, runUntilIdle } from "../runtime.ts";
import {
  liveWorkflow,
  partnersWithSales,
  record,
  rewardPerSaleGraph,
  rewardsOf,
  sale,
  whilePartnerLocked,
} from "../../test/helpers.ts";
import { dispatchOnce } from "./dispatch.ts";
import { orderKey, pickInline, type Candidate } from "./inline.ts";
import { RUNTIME_CHANNEL } from "./waker.ts";

const REWARD_PER_SALE = rewardPerSaleGraph("1.00");

describe("pickInline", () => {
  const run = (id: string, partnerId: string | null, workflowId = "w1", status = "queued") =>
    ({ id, workflowId, partnerId, status }) satisfies Candidate;
  const cases: {
    name: string;
    runs: Candidate[];
    busy?: string[];
    max?: number;
    picked: string[];
  }[] = [
    {
      name: "the first run of each (workflow, partner) pair, in event order",
      runs: [run("a1", "A"), run("b1", "B"), run("a2", "A"), run("a3", "A", "w2")],
      picked: ["a1", "b1", "a3"],
    },
    {
      name: "none of a pair that already has a run in line, not even its first new one",
      runs: [run("a1", "A"), run("a2", "A"), run("b1", "B")],
      busy: [orderKey("w1", "A")],
      picked: ["b1"],
    },
    {
      name: "runs without a partner have no order to keep",
      runs: [run("x1", null), run("x2", null)],
      picked: ["x1", "x2"],
    },
    {
      name: "at most `max`",
      runs: [run("a1", "A"), run("b1", "B"), run("c1", "C")],
      max: 2,
      picked: ["a1", "b1"],
    },
    {
      name: "only queued runs (a run refused at the depth limit is failed already)",
      runs: [run("a1", "A", "w1", "failed"), run("b1", "B")],
      picked: ["b1"],
    },
  ];
  it.each(cases)("$name", ({ runs, busy = [], max = 64, picked }) => {
    expect([...pickInline(runs, new Set(busy), max)]).toEqual(picked);
  });
});

async function runsOf(database: Database, workflowId: string) {
  return database.db.select().from(schema.runs).where(eq(schema.runs.workflowId, workflowId));
}

/** Every run completed, and exactly one reward per sale, each under its own run. */
async function expectEachSaleRewardedOnce(
  database: Database,
  wf: string,
  ids: string[],
  n: number,
) {
  const runs = await runsOf(database, wf);
  expect(runs).toHaveLength(n);
  expect(runs.every((x) => x.status === "completed")).toBe(true);
  const rewards = await rewardsOf(database, ids);
  expect(rewards).toHaveLength(n);
  expect(new Set(rewards.map((x) => x.runId)).size).toBe(n);
}

describeEachBackend("inline execution: the dispatcher runs what it starts", (get) => {
  it("executes the first run of each partner in the dispatch pass; the later ones wait their turn", async () => {
    const database = get();
    const wf = await liveWorkflow(database, REWARD_PER_SALE);
    const ids = await partnersWithSales(database, 3, 2);
    const r = runtimeResources({ database });
    expect(await dispatchOnce(r)).toBeGreaterThan(0);

    const runs = await runsOf(database, wf);
    expect(runs).toHaveLength(6);
    for (const p of ids) {
      const mine = runs.filter((x) => x.partnerId === p).sort((a, b) => a.orderSeq - b.orderSeq);
      // The earlier sale's run finished in the pass, with its effect; the later one is queued.
      expect(mine.map((x) => x.status)).toEqual(["completed", "queued"]);
      expect(mine[0]!.leaseOwner).toBeNull();
    }
    expect(await rewardsOf(database, ids)).toHaveLength(3);

    await runUntilIdle({ database });
    await expectEachSaleRewardedOnce(database, wf, ids, 6);
  });
});

describeEachBackend("inline execution: order behind runs already in line", (get) => {
  it("a new run waits while an earlier run of the same workflow and partner is queued", async () => {
    const database = get();
    const wf = await liveWorkflow(database, REWARD_PER_SALE);
    const ids = await partnersWithSales(database, 1, 1);
    const r = runtimeResources({ database });
    while ((await dispatchOnce(r, { inline: false })) > 0);
    await record(database, [sale(ids[0]!, "10.00", "2026-03-05T10:00:00Z", `in-late-${ids[0]}`)]);
    expect(await dispatchOnce(r)).toBeGreaterThan(0);
    const runs = (await runsOf(database, wf)).sort((a, b) => a.orderSeq - b.orderSeq);
    expect(runs.map((x) => x.status)).toEqual(["queued", "queued"]);
    expect(await rewardsOf(database, ids)).toHaveLength(0);

    await runUntilIdle({ database });
    await expectEachSaleRewardedOnce(database, wf, ids, 2);
    const done = (await runsOf(database, wf)).sort((a, b) => a.orderSeq - b.orderSeq);
    expect(done[0]!.finishedAt!.getTime()).toBeLessThanOrEqual(done[1]!.finishedAt!.getTime());
  });
});

/** "Sale recorded → wait a day → rebate": its runs park after the trigger. */
const WAIT_THEN_REWARD: typeof REWARD_PER_SALE = {
  nodes: [
    ...REWARD_PER_SALE.nodes,
    {
      id: "w",
      type: "logic.wait",
      typeVersion: 1,
      config: { mode: "duration", duration: { amount: 1, unit: "days" } },
      position: { x: 2, y: 0 },
    },
  ],
  edges: [
    { id: "e1", source: "t", sourcePort: "out", target: "w", targetPort: "in" },
    { id: "e2", source: "w", sourcePort: "out", target: "r", targetPort: "in" },
  ],
};

describeEachBackend("inline execution: order behind a parked run", (get) => {
  it("a new run is queued, not executed inline, while a run of its pair is parked", async () => {
    const database = get();
    const wf = await liveWorkflow(database, WAIT_THEN_REWARD);
    const ids = await partnersWithSales(database, 1, 1);
    const r = runtimeResources({ database });
    while ((await dispatchOnce(r)) > 0);
    await runUntilIdle({ database });
    expect((await runsOf(database, wf)).map((x) => x.status)).toEqual(["parked"]);

    await record(database, [sale(ids[0]!, "10.00", "2026-03-05T10:00:00Z", `in-park-${ids[0]}`)]);
    expect(await dispatchOnce(r)).toBeGreaterThan(0);
    const runs = (await runsOf(database, wf)).sort((a, b) => a.orderSeq - b.orderSeq);
    expect(runs.map((x) => x.status)).toEqual(["parked", "queued"]);
    // The claim lets it pass the parked run, as before inline execution.
    await runUntilIdle({ database });
    const after = (await runsOf(database, wf)).sort((a, b) => a.orderSeq - b.orderSeq);
    expect(after.map((x) => x.status)).toEqual(["parked", "parked"]);
  });
});

describeEachBackend("inline execution: a pass done twice", (get) => {
  it("never executes a run that already existed (same version and trigger key)", async () => {
    const database = get();
    const wf = await liveWorkflow(database, REWARD_PER_SALE);
    const ids = await partnersWithSales(database, 2, 1);
    const r = runtimeResources({ database });
    while ((await dispatchOnce(r, { inline: false })) > 0);
    // The same events again, as after a crash between the runs' commit and the cursor's.
    await database.db
      .update(schema.runtimeCursors)
      .set({ seq: 0 })
      .where(eq(schema.runtimeCursors.name, "dispatch"));
    while ((await dispatchOnce(r)) > 0);
    expect((await runsOf(database, wf)).map((x) => x.status)).toEqual(["queued", "queued"]);
    expect(await rewardsOf(database, ids)).toHaveLength(0);

    await runUntilIdle({ database });
    await expectEachSaleRewardedOnce(database, wf, ids, 2);
  });
});

// A step that hangs needs a second connection holding a lock: PostgreSQL only.
for (const kind of testBackends().filter((k) => k === "postgres")) {
  describe(`inline execution: a faulting run [${kind}]`, () => {
    let database: Database;
    beforeAll(async () => {
      database = await createTestDatabase(kind);
    }, 60_000);
    afterAll(async () => {
      await database.close();
    });

    it("rolls the whole pass back and repeats it with the runs queued; nothing is lost or doubled", async () => {
      const wf = await liveWorkflow(database, REWARD_PER_SALE);
      const ids = await partnersWithSales(database, 3, 1);
      const hung = ids[1]!;
      const r = runtimeResources({ database, limits: { stepTimeoutMs: 300 } });

      // Another transaction holds one partner's row: its reward step waits for it.
      const handled = await whilePartnerLocked(database, hung, () => dispatchOnce(r));

      // The pass was repeated without inline runs: the events are dispatched, the runs queued.
      expect(handled).toBeGreaterThan(0);
      const runs = await runsOf(database, wf);
      expect(runs.map((x) => x.status)).toEqual(["queued", "queued", "queued"]);
      expect(runs.every((x) => x.attempts === 0 && x.leaseOwner === null)).toBe(true);
      expect(await rewardsOf(database, ids)).toHaveLength(0);
      expect(await dispatchOnce(r)).toBe(0);

      await runUntilIdle({ database });
      await expectEachSaleRewardedOnce(database, wf, ids, 3);
    });
  });
}

/** Collects the runtime channel's notifications; `settle` waits until all sent so far arrived. */
async function notifications(database: Database) {
  const seen: string[] = [];
  const cb = (payload: string) => seen.push(payload);
  const stop = database.sql
    ? (await database.sql.listen(RUNTIME_CHANNEL, cb)).unlisten
    : await database.pglite!.listen(RUNTIME_CHANNEL, cb);
  let sentinels = 0;
  return {
    seen,
    /** Notifications arrive in commit order: once a sentinel sent now is here, so is the rest. */
    async settle(): Promise<string[]> {
      const mark = `sentinel-${++sentinels}`;
      await database.db.execute(sql`select pg_notify(${RUNTIME_CHANNEL}, ${mark})`);
      for (let i = 0; !seen.includes(mark); i++) {
        if (i > 200) throw new Error(`${mark} never arrived`);
        await new Promise((res) => setTimeout(res, 10));
      }
      return seen.splice(0).filter((p) => !p.startsWith("sentinel-"));
    },
    stop,
  };
}

describeEachBackend("inline execution: quiet about events that start nothing", (get) => {
  it("notifies a reward the first time, keeps quiet once it knows rewards start nothing, and forgets when triggers change", async () => {
    const database = get();
    await liveWorkflow(database, REWARD_PER_SALE);
    const ids = await partnersWithSales(database, 1, 1);
    const r = runtimeResources({ database });
    const heard = await notifications(database);
    try {
      // The sale's run records a reward: nobody has seen a reward start nothing yet.
      await dispatchOnce(r);
      expect(await heard.settle()).toEqual(["events"]);
      // The next pass dispatches the reward: no trigger, no waiting run.
      expect(await dispatchOnce(r)).toBe(1);
      expect(await heard.settle()).toEqual([]);

      await record(database, [sale(ids[0]!, "10.00", "2026-03-02T10:00:00Z", `quiet-${ids[0]}`)]);
      expect(await heard.settle()).toEqual(["events"]); // the sale itself
      await dispatchOnce(r);
      expect(await rewardsOf(database, ids)).toHaveLength(2);
      expect(await heard.settle()).toEqual([]); // its reward: quiet
      // Quiet is not lost: the next pass still dispatches the reward.
      expect(await dispatchOnce(r)).toBe(1);

      // A workflow triggered by rewards: the dispatchers are told to forget what they learned.
      await liveWorkflow(database, {
        ...REWARD_PER_SALE,
        nodes: REWARD_PER_SALE.nodes.map((n) =>
          n.id === "t" ? { ...n, config: { eventType: "reward.issued" } } : n,
        ),
      });
      expect(await heard.settle()).toContain("workflow_triggers");
    } finally {
      await heard.stop();
    }
  });
});
