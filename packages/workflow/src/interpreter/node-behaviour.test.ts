import { describe, expect, it, vi } from "vitest";
import { all, clause, eventField, graph, partnerField, usd } from "../fixtures/builder.ts";
import { continueRun, irOf, run } from "../fixtures/run-helpers.ts";
import type { WorkflowTemplate } from "../fixtures/builder.ts";
import { MemoryHost, partnerState } from "../testing/memory-host.ts";
import { matchRecordChange } from "../triggers/match.ts";
import type { Tier } from "@partnerflow/domain";

const template = (g: WorkflowTemplate["graph"]): WorkflowTemplate => ({
  id: "t",
  name: "t",
  description: "",
  graph: g,
});
const NOW = new Date("2026-03-01T10:00:00Z");
const hostWith = (tier: Tier = "Silver", rates: Record<string, string> = {}) =>
  new MemoryHost({ now: NOW, partners: [partnerState({ id: "p1", tier })], rates });
const saleEvent = (amount: unknown) => ({
  type: "sale.recorded",
  payload: { saleId: "s1", amount, productLine: "core" },
});
const onSale = (nodes: Parameters<typeof graph>[0], edges: Parameters<typeof graph>[1]) =>
  template(
    graph(
      [["trigger", "trigger.event", { eventType: "sale.recorded" }, 0, 0], ...nodes],
      [["trigger", "out", nodes[0]![0]], ...edges],
    ),
  );

describe("trigger.record_change fires only on false → true", () => {
  const goldTrigger = template(
    graph(
      [
        [
          "trigger",
          "trigger.record_change",
          { condition: all(clause(partnerField("tier"), "eq", "Gold")) },
          0,
          0,
        ],
        ["end", "logic.end", {}, 1, 0],
      ],
      [["trigger", "out", "end"]],
    ),
  );
  it.each<[Tier, Tier, boolean]>([
    ["Silver", "Gold", true],
    ["Gold", "Gold", false],
    ["Gold", "Silver", false],
    ["Silver", "Registered", false],
  ])("%s → %s fires: %s", async (before, after, fires) => {
    const { ir } = irOf(goldTrigger);
    const r = await matchRecordChange(
      ir,
      { partnerId: "p1", at: NOW, seq: 7 },
      hostWith(before),
      hostWith(after),
    );
    expect(r).toEqual(
      fires ? { key: "change:p1:7", partnerId: "p1", at: NOW.toISOString() } : null,
    );
  });
});

describe("logic.wait_for_event", () => {
  const t = onSale(
    [
      [
        "wait",
        "logic.wait_for_event",
        { eventType: "training.completed", timeout: { amount: 3, unit: "days" } },
        1,
        0,
      ],
      ["yes", "action.notify", { to: "partner", message: "Thanks" }, 2, 0],
      ["no", "action.notify", { to: "account_manager", message: "No training" }, 2, 1],
    ],
    [
      ["wait", "event", "yes"],
      ["wait", "timeout", "no"],
    ],
  );
  it("parks for the partner's event until the timeout", async () => {
    const r = await run(t, hostWith(), { partnerId: "p1", event: saleEvent(usd("1.00")) });
    expect(r.state.parked).toEqual({
      kind: "event",
      nodeId: "wait",
      eventType: "training.completed",
      partnerId: "p1",
      until: "2026-03-04T10:00:00.000Z",
    });
  });
  it.each([
    [
      { kind: "event", event: { type: "training.completed", payload: { course: "Basics" } } },
      ["wait:event", "yes:out"],
      "partner",
    ],
    [{ kind: "timeout" }, ["wait:timeout", "no:out"], "account_manager"],
  ] as const)("resumed with %o → %o", async (signal, ports, to) => {
    const host = hostWith();
    const first = await run(t, host, { partnerId: "p1", event: saleEvent(usd("1.00")) });
    const second = await continueRun(first.ir, first.state, host, signal);
    expect(second.ports).toEqual(ports);
    expect(second.state.status).toBe("completed");
    expect(host.effectsOf("notification").map((e) => e.to)).toEqual([to]);
    if (signal.kind === "event") expect(second.trace[0]?.inputs).toEqual({});
  });
});

describe("action.webhook", () => {
  it("renders the body and emits one effect with an idempotency key per run, node and visit", async () => {
    const t = onSale(
      [
        [
          "hook",
          "action.webhook",
          {
            url: "https://hooks.example.com/s",
            method: "PUT",
            body: '{"sale":"{{event.saleId}}","who":"{{partner.name}}"}',
          },
          1,
          0,
        ],
      ],
      [],
    );
    const host = hostWith();
    const r = await run(t, host, { partnerId: "p1", event: saleEvent(usd("1.00")) });
    expect(host.effectsOf("webhook")).toEqual([
      {
        kind: "webhook",
        nodeId: "hook",
        idempotencyKey: `${r.state.runId}:hook:1`,
        url: "https://hooks.example.com/s",
        method: "PUT",
        body: '{"sale":"s1","who":"Partner p1"}',
      },
    ]);
  });
});

describe("templates read only the data they name", () => {
  const hookWith = (body: string) =>
    onSale(
      [
        [
          "hook",
          "action.webhook",
          { url: "https://hooks.example.com/s", method: "POST", body },
          1,
          0,
        ],
      ],
      [],
    );
  const hostWithSale = () => {
    const host = hostWith();
    host.recordList.push({ entity: "sale", id: "s1", partnerId: "p1", productLine: "core" });
    return { host, record: vi.spyOn(host, "record"), partner: vi.spyOn(host, "partner") };
  };

  it("a body of partner fields reads the partner, not the trigger's record", async () => {
    const { host, record, partner } = hostWithSale();
    await run(hookWith("{{partner.name}}"), host, {
      partnerId: "p1",
      event: saleEvent(usd("1.00")),
    });
    expect(host.effectsOf("webhook")[0]).toMatchObject({ body: "Partner p1" });
    expect(partner).toHaveBeenCalledTimes(1);
    expect(record).not.toHaveBeenCalled();
  });

  it("a body of event fields reads neither", async () => {
    const { host, record, partner } = hostWithSale();
    await run(hookWith("{{event.saleId}}"), host, {
      partnerId: "p1",
      event: saleEvent(usd("1.00")),
    });
    expect(host.effectsOf("webhook")[0]).toMatchObject({ body: "s1" });
    expect(partner).not.toHaveBeenCalled();
    expect(record).not.toHaveBeenCalled();
  });

  it("a body naming the record reads it", async () => {
    const { host, record } = hostWithSale();
    await run(hookWith("{{record.productLine}}"), host, {
      partnerId: "p1",
      event: saleEvent(usd("1.00")),
    });
    expect(host.effectsOf("webhook")[0]).toMatchObject({ body: "core" });
    expect(record).toHaveBeenCalledWith("sale", "s1");
  });
});

describe("logic.switch", () => {
  const byTier = onSale(
    [
      [
        "switch",
        "logic.switch",
        {
          operand: partnerField("tier"),
          mode: "value",
          cases: [
            { id: "gold", label: "Gold", value: "Gold" },
            { id: "silver", label: "Silver", value: "Silver" },
          ],
        },
        1,
        0,
      ],
    ],
    [],
  );
  it.each<[Tier, string]>([
    ["Gold", "gold"],
    ["Silver", "silver"],
    ["Platinum", "default"],
  ])("value mode: tier %s → %s", async (tier, port) => {
    const r = await run(byTier, hostWith(tier), { partnerId: "p1", event: saleEvent(usd("1.00")) });
    expect(r.ports).toEqual(["trigger:out", `switch:${port}`]);
  });

  it("value mode compares money by amount, not by object identity", async () => {
    const t = onSale(
      [
        [
          "switch",
          "logic.switch",
          {
            operand: eventField("amount"),
            mode: "value",
            cases: [{ id: "exact", label: "250", value: usd("250.00") }],
          },
          1,
          0,
        ],
      ],
      [],
    );
    const r = await run(t, hostWith(), { partnerId: "p1", event: saleEvent(usd("250.0")) });
    expect(r.ports).toEqual(["trigger:out", "switch:exact"]);
  });

  const byAmount = onSale(
    [
      [
        "switch",
        "logic.switch",
        {
          operand: eventField("amount"),
          mode: "ranges",
          cases: [
            { id: "small", label: "Small", max: usd("1.60") },
            { id: "mid", label: "Mid", min: usd("1.60"), max: usd("1000.00") },
            { id: "big", label: "Big", min: usd("1000.00") },
          ],
        },
        1,
        0,
      ],
    ],
    [],
  );
  it.each([
    [usd("1.59"), "small"],
    [usd("1.60"), "mid"],
    [usd("999.99"), "mid"],
    [usd("1000.00"), "big"],
    // 1.45 EUR × 1.1 = 1.595 USD exactly → 1.60 (half to even); floats make it 1.59 ("small").
    [{ amount: "1.45", currency: "EUR" }, "mid"],
    [{ amount: "909.08", currency: "EUR" }, "mid"],
    [{ amount: "909.10", currency: "EUR" }, "big"],
  ])("ranges mode on money: %o → %s", async (amount, port) => {
    const r = await run(byAmount, hostWith("Silver", { "EUR->USD": "1.1" }), {
      partnerId: "p1",
      event: saleEvent(amount),
    });
    expect(r.ports).toEqual(["trigger:out", `switch:${port}`]);
  });

  it.each([
    [2, "few"],
    [10, "many"],
  ])("ranges mode on a number: %i → %s", async (quantity, port) => {
    const t = onSale(
      [
        [
          "switch",
          "logic.switch",
          {
            operand: eventField("quantity"),
            mode: "ranges",
            cases: [
              { id: "few", label: "Few", max: 10 },
              { id: "many", label: "Many", min: 10 },
            ],
          },
          1,
          0,
        ],
      ],
      [],
    );
    const event = {
      type: "sale.recorded",
      payload: { saleId: "s1", amount: usd("1.00"), productLine: "core", quantity },
    };
    const r = await run(t, hostWith(), { partnerId: "p1", event });
    expect(r.ports).toEqual(["trigger:out", `switch:${port}`]);
  });
});

describe("money in conditions converts exactly", () => {
  const atLeast = (amount: string) =>
    onSale(
      [
        [
          "check",
          "logic.condition",
          { condition: all(clause(eventField("amount"), "gte", usd(amount))) },
          1,
          0,
        ],
      ],
      [],
    );
  it.each([
    // 1.45 × 1.1 = 1.595 → 1.60 half to even; the old float path (toFixed) gave 1.59.
    [{ amount: "1.45", currency: "EUR" }, "1.60", true],
    [{ amount: "1.45", currency: "EUR" }, "1.61", false],
    // 0.95 × 1.1 = 1.045 → 1.04 half to even (float toFixed agreed only by accident of representation).
    [{ amount: "0.95", currency: "EUR" }, "1.05", false],
    // A big amount: 12,345,678,901,234.57 × 1.1 = 13,580,246,791,358.027 → …358.03.
    [{ amount: "12345678901234.57", currency: "EUR" }, "13580246791358.03", true],
    [{ amount: "12345678901234.57", currency: "EUR" }, "13580246791358.04", false],
    // Minor units of a zero-decimal currency: ¥16,000 × 0.0066 = $105.60 (not ¥160).
    [{ amountMinor: 16000, currency: "JPY" }, "105.60", true],
    [{ amountMinor: 16000, currency: "JPY" }, "105.61", false],
  ])("%o ≥ $%s: %s", async (amount, threshold, holds) => {
    const host = hostWith("Silver", { "EUR->USD": "1.1", "JPY->USD": "0.0066" });
    const r = await run(atLeast(threshold), host, { partnerId: "p1", event: saleEvent(amount) });
    expect(r.ports).toEqual(["trigger:out", `check:${String(holds)}`]);
  });
});
