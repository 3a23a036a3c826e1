import { expect, it } from "vitest";
import { schema } from "@partnerflow/db";
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
    expect((await api.approvals.list({ status: "pending" })).items.length).toBe(0);

    await runUntilIdle({ database, clock: at("2026-03-08T09:00:01Z") });
    const pending = (await api.approvals.list({ status: "pending" })).items;
    expect(pending.map((a) => a.title).sort()).toEqual([
      "Welcome bonus for acme",
      "Welcome bonus for globex",
    ]);
    expect((await api.approvals.list({ view: "pending" })).items.length).toBe(2);
    expect(await api.approvals.list({ view: "decided" })).toEqual({ items: [], nextCursor: null });
    const acme = pending.find((a) => a.partnerId === "acme")!;
    await api.approvals.decide({ id: acme.id, decision: "approve", comment: "ok", by: "maria" });
    const again = await api.approvals
      .decide({ id: acme.id, decision: "reject" })
      .catch((e: Error) => e.message);
    expect(again).toContain("already decided");
    const decided = (await api.approvals.list({ view: "decided" })).items;
    expect(decided.map((a) => [a.partnerId, a.status, a.comment, a.decidedBy])).toEqual([
      ["acme", "approved", "ok", "maria"],
    ]);
    expect((await api.approvals.list({ view: "pending" })).items.map((a) => a.partnerId)).toEqual([
      "globex",
    ]);
    await runUntilIdle({ database, clock: at("2026-03-08T10:00:00Z") });
    const rewards = await api.rewards.list({ partnerId: "acme" });
    expect(rewards.items.map((r) => r.reason)).toEqual(["welcome"]);

    // globex: nobody answers; after 3 days the timeout branch ends the run without a reward.
    await runUntilIdle({ database, clock: at("2026-03-11T09:00:02Z") });
    list = await api.runs.list({ workflowId: id, status: "completed" });
    expect(list.items.length).toBe(2);
    expect(
      (await api.approvals.list({ status: "timed_out" })).items.map((a) => a.partnerId),
    ).toEqual(["globex"]);
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

describeEachBackend("approvals inbox paging", (get) => {
  it("pages both tabs newest first (decided: newest decision), without gaps or repeats", async () => {
    const database = get();
    const api = createCallerFactory(appRouter)(createContext({ database, logger: silent }));
    const ask = (i: number, decided: string | null) => ({
      id: `ap${i}`,
      runId: `run${i}`,
      nodeId: "a",
      workflowId: "wf",
      partnerId: `p${i}`,
      title: `Ask ${i}`,
      approverRole: "channel manager",
      status: decided ? "approved" : "pending",
      createdAt: new Date(Date.UTC(2026, 2, 1, 9, i)),
      decidedAt: decided ? new Date(decided) : null,
    });
    // 5 pending; 3 decided, asked in one order and decided in the reverse one.
    await database.db
      .insert(schema.approvals)
      .values([
        ...[0, 1, 2, 3, 4].map((i) => ask(i, null)),
        ask(5, "2026-03-03T00:00:00Z"),
        ask(6, "2026-03-02T00:00:00Z"),
        ask(7, "2026-03-01T12:00:00Z"),
      ]);
    const all = async (view: "pending" | "decided") => {
      const ids: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await api.approvals.list({ view, limit: 2, cursor });
        ids.push(...page.items.map((a) => a.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      return { ids, pages };
    };
    expect(await all("pending")).toEqual({ ids: ["ap4", "ap3", "ap2", "ap1", "ap0"], pages: 3 });
    expect(await all("decided")).toEqual({ ids: ["ap5", "ap6", "ap7"], pages: 2 });
    await expect(api.approvals.list({ view: "pending", cursor: "not-a-cursor" })).rejects.toThrow(
      /cursor/,
    );
  });
});
