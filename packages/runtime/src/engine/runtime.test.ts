import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema, type Database } from "@partnerflow/db";
import { describeEachBackend } from "@partnerflow/db/testing";
import { ingestEvent } from "@partnerflow/service";
import { runUntilIdle } from "../runtime.ts";
import {
  liveWorkflow,
  partnerCreated,
  record,
  rewardPerSaleGraph,
  sale,
} from "../../test/helpers.ts";
import { isPrivateAddress } from "./address-guard.ts";

const clockAt = (iso: string) => () => new Date(iso);

async function rowsFor(database: Database, partnerId: string) {
  const { db } = database;
  const [partner] = await db
    .select()
    .from(schema.partners)
    .where(eq(schema.partners.id, partnerId));
  const rewards = await db
    .select()
    .from(schema.rewardLedger)
    .where(eq(schema.rewardLedger.partnerId, partnerId));
  const outbox = await db
    .select()
    .from(schema.outbox)
    .where(eq(schema.outbox.partnerId, partnerId));
  return { partner, rewards, outbox };
}

describeEachBackend("live runtime", (get) => {
  it("scenario 2: a threshold crossing sets Gold, pays $2,000 once and emails, once per quarter", async () => {
    const database = get();
    const wf = await liveWorkflow(database, "quarterly-sales-milestone");
    const created = partnerCreated();
    const pid = created.partnerId!;
    await record(database, [created]);
    await record(database, [sale(pid, "99999.99", "2026-02-02T10:00:00Z", `s-${pid}-1`)]);
    await runUntilIdle({ database, clock: clockAt("2026-02-02T10:00:01Z") });
    expect((await rowsFor(database, pid)).rewards).toHaveLength(0);

    await record(database, [sale(pid, "0.01", "2026-02-03T10:00:00Z", `s-${pid}-2`)]);
    await record(database, [sale(pid, "500.00", "2026-02-04T10:00:00Z", `s-${pid}-3`)]);
    await runUntilIdle({ database, clock: clockAt("2026-02-04T10:00:01Z") });
    let rows = await rowsFor(database, pid);
    expect(rows.partner?.tier).toBe("Gold");
    expect(rows.rewards.map((r) => [r.kind, r.amountMinor, r.currency])).toEqual([
      ["cash_bonus", 200000, "USD"],
    ]);
    expect(rows.rewards[0]?.runId).toMatch(/^run_/);
    expect(rows.outbox.map((o) => [o.channel, o.status])).toEqual([["email", "delivered_local"]]);

    // Next quarter fires again.
    await record(database, [sale(pid, "100000.00", "2026-04-02T10:00:00Z", `s-${pid}-4`)]);
    await runUntilIdle({ database, clock: clockAt("2026-04-02T10:00:01Z") });
    rows = await rowsFor(database, pid);
    expect(rows.rewards).toHaveLength(2);
    const runs = await database.db.select().from(schema.runs).where(eq(schema.runs.workflowId, wf));
    expect(runs.map((r) => r.status)).toEqual(["completed", "completed"]);
    const steps = await database.db
      .select()
      .from(schema.runSteps)
      .where(eq(schema.runSteps.runId, runs[0]!.id));
    expect(steps.map((s) => s.nodeId)).toEqual(["trigger", "below", "gold", "bonus", "email"]);
  });

  it("an event delivered three times starts one run and pays once", async () => {
    const database = get();
    const graph = rewardPerSaleGraph("10.00");
    const wf = await liveWorkflow(database, graph);
    const created = partnerCreated();
    const pid = created.partnerId!;
    await record(database, [created]);
    const body = JSON.stringify({ ...sale(pid, "10.00", "2026-02-05T10:00:00Z", `dup-${pid}`) });
    for (let i = 0; i < 3; i++) {
      const res = await ingestEvent(database.db, JSON.parse(body));
      expect(res.status).toBe(200);
      await runUntilIdle({ database, clock: clockAt("2026-02-05T10:00:01Z") });
    }
    const runs = await database.db.select().from(schema.runs).where(eq(schema.runs.workflowId, wf));
    expect(runs).toHaveLength(1);
    expect((await rowsFor(database, pid)).rewards).toHaveLength(1);
  });

  it("a self-triggering pair of workflows stops at the depth limit, naming the chain", async () => {
    const database = get();
    // A: tier changed → set tier Silver↔Gold; B the same: each run's effect triggers the other.
    const flip = (to: string) => ({
      nodes: [
        {
          id: "t",
          type: "trigger.event",
          typeVersion: 1,
          config: { eventType: "partner.tier_changed" },
          position: { x: 0, y: 0 },
        },
        {
          id: "s",
          type: "action.set_tier",
          typeVersion: 1,
          config: { tier: to, direction: "any", reason: "loop" },
          position: { x: 1, y: 0 },
        },
      ],
      edges: [{ id: "e1", source: "t", sourcePort: "out", target: "s", targetPort: "in" }],
    });
    const a = await liveWorkflow(database, flip("Gold"), "flip to gold");
    const b = await liveWorkflow(database, flip("Silver"), "flip to silver");
    const created = partnerCreated();
    const pid = created.partnerId!;
    await record(database, [
      created,
      {
        type: "partner.tier_changed",
        idempotencyKey: `tc-${pid}`,
        partnerId: pid,
        occurredAt: "2026-02-06T10:00:00Z",
        payload: { to: "Silver" },
      },
    ]);
    await runUntilIdle({
      database,
      clock: clockAt("2026-02-06T10:00:01Z"),
      limits: { maxCausationDepth: 6 },
    });
    const failed = await database.db
      .select()
      .from(schema.runs)
      .where(and(eq(schema.runs.partnerId, pid), eq(schema.runs.status, "failed")));
    expect(failed.length).toBeGreaterThan(0);
    const error = failed[0]!.error as { code: string; message: string };
    expect(error.code).toBe("loop_limit");
    expect(error.message).toContain(a);
    expect(error.message).toContain(b);
    const all = await database.db.select().from(schema.runs).where(eq(schema.runs.partnerId, pid));
    expect(Math.max(...all.map((r) => r.causationDepth))).toBe(6);
    expect(all.filter((r) => r.status === "failed").every((r) => r.causationDepth === 6)).toBe(
      true,
    );
  });
});

describe("address guard", () => {
  it.each([
    ["127.0.0.1", true],
    ["10.1.2.3", true],
    ["169.254.169.254", true],
    ["172.20.0.1", true],
    ["192.168.1.1", true],
    ["::1", true],
    ["fd00::1", true],
    ["fe80::1", true],
    ["::ffff:127.0.0.1", true],
    ["8.8.8.8", false],
    ["2606:4700::1111", false],
  ])("%s private: %s", (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});
