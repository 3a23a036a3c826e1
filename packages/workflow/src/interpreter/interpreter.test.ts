import { describe, expect, it } from "vitest";
import { MemoryHost, partnerState } from "../testing/memory-host.ts";
import { irOf } from "../fixtures/run-helpers.ts";
import { dealReview, quarterlyMilestone } from "../fixtures/scenarios-a.ts";
import { resume, runUntilParked, start } from "./interpreter.ts";

const host = () =>
  new MemoryHost({
    now: new Date("2026-02-11T00:00:00Z"),
    partners: [partnerState({ id: "p1", tier: "Silver" })],
  });
const trigger = { key: "k", partnerId: "p1", at: "2026-02-11T00:00:00.000Z" };

describe("interpreter", () => {
  it("same IR and same host answers give the same trace", async () => {
    const { ir, hash } = irOf(quarterlyMilestone);
    const a = await runUntilParked(
      ir,
      start(ir, trigger, { runId: "r", workflowHash: hash }),
      host(),
    );
    const b = await runUntilParked(
      ir,
      start(ir, trigger, { runId: "r", workflowHash: hash }),
      host(),
    );
    expect(b.trace).toEqual(a.trace);
    expect(a.trace[1]?.inputs.clauses).toEqual([
      { text: "Tier is below Gold", left: "Silver", right: "Gold", result: true },
    ]);
  });
  it.each([
    [1, "step_budget_exceeded"],
    [2_000, null],
  ])("step budget %i → %s", async (stepBudget, code) => {
    const { ir, hash } = irOf(quarterlyMilestone);
    const r = await runUntilParked(
      ir,
      start(ir, trigger, { runId: "r", workflowHash: hash }),
      host(),
      { stepBudget, maxStateBytes: 262_144 },
    );
    expect(r.state.error?.code ?? null).toBe(code);
  });
  it("fails a run whose state outgrows maxStateBytes, naming its size", async () => {
    const { ir, hash } = irOf(quarterlyMilestone);
    const begin = start(ir, trigger, { runId: "r", workflowHash: hash });
    const size = JSON.stringify(begin).length;
    const small = await runUntilParked(ir, begin, host(), {
      stepBudget: 2_000,
      maxStateBytes: size - 1,
    });
    expect(small.state.status).toBe("failed");
    expect(small.state.error).toMatchObject({ code: "state_too_large" });
    expect(small.state.error?.message).toMatch(/^run state is \d+ bytes \(limit \d+\)$/);
    expect(small.trace).toHaveLength(1);
    const roomy = await runUntilParked(ir, begin, host(), {
      stepBudget: 2_000,
      maxStateBytes: 262_144,
    });
    expect(roomy.state.error).toBeFalsy();
  });
  it("refuses a signal that does not fit the park", async () => {
    const { ir, hash } = irOf(dealReview);
    const h = host();
    const s = start(
      ir,
      {
        ...trigger,
        event: {
          type: "deal.registered",
          payload: {
            dealId: "d",
            customer: "A",
            amount: { amount: "90000.00", currency: "USD" },
            productLine: "core",
          },
        },
      },
      { runId: "r", workflowHash: hash },
    );
    const parked = await runUntilParked(ir, s, h);
    expect(parked.state.status).toBe("parked");
    expect(
      resume(parked.state, { kind: "event", event: { type: "x", payload: {} } }).error?.code,
    ).toBe("bad_resume");
  });
});
