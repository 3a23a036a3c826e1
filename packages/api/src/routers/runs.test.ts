import { expect, it } from "vitest";
import { describeEachBackend } from "@partnerflow/db/testing";
import { recordEvents } from "@partnerflow/service";
import { runUntilIdle } from "@partnerflow/runtime";
import { createContext } from "../context.ts";
import { createCallerFactory } from "../trpc.ts";
import { appRouter } from "./root.ts";

const silent = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silent;
  },
};
const pos = { x: 0, y: 0 };

/** partner created → wait 7 days → ask a channel manager → approved: $50 bonus; rejected: end. */
const graph = {
  nodes: [
    {
      id: "t",
      type: "trigger.event",
      typeVersion: 1,
      config: { eventType: "partner.created" },
      position: pos,
    },
    {
      id: "w",
      type: "logic.wait",
      typeVersion: 1,
      config: { mode: "duration", duration: { amount: 7, unit: "days" } },
      position: pos,
    },
    {
      id: "a",
      type: "logic.approval",
      typeVersion: 1,
      config: {
        approverRole: "channel_manager",
        title: "Welcome bonus for {{partner.name}}",
        timeout: { amount: 3, unit: "days" },
      },
      position: pos,
    },
    {
      id: "b",
      type: "action.issue_reward",
      typeVersion: 1,
      config: {
        rewardKind: "cash_bonus",
        amount: { mode: "fixed", money: { amount: "50.00", currency: "USD" } },
        status: "approved",
        reason: "welcome",
      },
      position: pos,
    },
  ],
  edges: [
    { id: "e1", source: "t", sourcePort: "out", target: "w", targetPort: "in" },
    { id: "e2", source: "w", sourcePort: "out", target: "a", targetPort: "in" },
    { id: "e3", source: "a", sourcePort: "approved", target: "b", targetPort: "in" },
  ],
};

describeEachBackend("runs, approvals and outbox routers", (get) => {
  it("a run waits 7 days by the clock, parks on an approval, and resumes when approved", async () => {
    const database = get();
    const api = createCallerFactory(appRouter)(createContext({ database, logger: silent }));
    const { id } = await api.workflows.create({ name: "Welcome bonus", graph });
    const { version } = await api.workflows.publish({ id, note: "v1" });
    await api.workflows.activate({ id, version });
    const partner = (n: string) => ({
      type: "partner.created" as const,
      idempotencyKey: `pc-${n}`,
      partnerId: n,
      occurredAt: "2026-03-01T09:00:00Z",
      payload: {
        name: n,
        tier: "Registered" as const,
        region: "EMEA" as const,
        country: "DE",
        type: "reseller" as const,
        status: "active" as const,
      },
    });
    await recordEvents(database.db, [partner("acme"), partner("globex")]);
    const at = (iso: string) => () => new Date(iso);

    await runUntilIdle({ database, clock: at("2026-03-01T09:00:01Z") });
    let list = await api.runs.list({ workflowId: id });
    expect(list.items.map((r) => r.status)).toEqual(["parked", "parked"]);
    expect(list.items.map((r) => r.triggerEvent)).toEqual(["partner.created", "partner.created"]);
    await runUntilIdle({ database, clock: at("2026-03-08T08:59:00Z") });
    expect((await api.approvals.list({ status: "pending" })).length).toBe(0);

    await runUntilIdle({ database, clock: at("2026-03-08T09:00:01Z") });
    const pending = await api.approvals.list({ status: "pending" });
    expect(pending.map((a) => a.title).sort()).toEqual([
      "Welcome bonus for acme",
      "Welcome bonus for globex",
    ]);
    expect((await api.approvals.list({ view: "pending" })).length).toBe(2);
    expect(await api.approvals.list({ view: "decided" })).toEqual([]);
    const acme = pending.find((a) => a.partnerId === "acme")!;
    await api.approvals.decide({ id: acme.id, decision: "approve", comment: "ok", by: "maria" });
    const again = await api.approvals
      .decide({ id: acme.id, decision: "reject" })
      .catch((e: Error) => e.message);
    expect(again).toContain("already decided");
    const decided = await api.approvals.list({ view: "decided" });
    expect(decided.map((a) => [a.partnerId, a.status, a.comment, a.decidedBy])).toEqual([
      ["acme", "approved", "ok", "maria"],
    ]);
    expect((await api.approvals.list({ view: "pending" })).map((a) => a.partnerId)).toEqual([
      "globex",
    ]);
    await runUntilIdle({ database, clock: at("2026-03-08T10:00:00Z") });
    const rewards = await api.rewards.list({ partnerId: "acme" });
    expect(rewards.items.map((r) => r.reason)).toEqual(["welcome"]);

    // globex: nobody answers; after 3 days the timeout branch ends the run without a reward.
    await runUntilIdle({ database, clock: at("2026-03-11T09:00:02Z") });
    list = await api.runs.list({ workflowId: id, status: "completed" });
    expect(list.items.length).toBe(2);
    expect((await api.approvals.list({ status: "timed_out" })).map((a) => a.partnerId)).toEqual([
      "globex",
    ]);
    expect((await api.rewards.list({ partnerId: "globex" })).items).toEqual([]);

    const run = await api.runs.get({ id: list.items.find((r) => r.partnerId === "acme")!.id });
    expect(run.steps.map((s) => s.nodeId)).toEqual(["t", "w", "w", "a", "a", "b"]);
    // The run page names steps as the canvas does, and shows the approval it waited on.
    const byId = new Map(run.nodes.map((n) => [n.id, n]));
    expect(byId.get("a")?.label).toBe("Ask for approval");
    expect(byId.get("a")?.ports).toEqual({
      approved: "Approved",
      rejected: "Rejected",
      timeout: "No answer",
    });
    expect(byId.get("b")?.summary).toMatch(/50/);
    expect(run.approvals.map((a) => [a.status, a.decidedBy])).toEqual([["approved", "maria"]]);
    await expect(api.approvals.list({ view: "everything" as "pending" })).rejects.toThrow(/view/);
    expect((await api.outbox.list({})).items).toEqual([]);
  });
});
