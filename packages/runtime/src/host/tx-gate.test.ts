import { eq, inArray } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { afterEach, expect, it, vi } from "vitest";
import { schema } from "@partnerflow/db";
import { describeEachBackend } from "@partnerflow/db/testing";
import type { EventInput } from "@partnerflow/domain";
import { DomainError } from "@partnerflow/service";
import { partnerCreated, record, sale } from "../../test/helpers.ts";
import { partnerRowsByIds, recordsByIds } from "./read-host.ts";
import { BatchGate } from "./tx-gate.ts";

const at = new Date("2026-03-02T10:00:00Z");

const reward = (partnerId: string, key: string): EventInput => ({
  type: "reward.issued",
  idempotencyKey: key,
  partnerId,
  payload: {
    rewardId: `rwd_${key}`,
    kind: "rebate",
    amount: { amount: "5.00", currency: "USD" },
    status: "pending",
    reason: "test",
  },
});

/** A run's effect through the gate: the partner moves to Gold. */
function promoteToGold(gate: BatchGate, partnerId: string, key: string) {
  return gate.recordEvent(
    {
      type: "partner.tier_changed",
      idempotencyKey: key,
      partnerId,
      payload: { to: "Gold", reason: "test" },
    },
    { causationRunId: `run_${key}`, causationDepth: 1, occurredAt: at },
  );
}

afterEach(() => {
  vi.restoreAllMocks();
});

describeEachBackend("BatchGate", (get) => {
  it("merges the reads of side-by-side runs into one SELECT per kind, each answered to its asker", async () => {
    const database = get();
    const created = [partnerCreated(), partnerCreated(), partnerCreated()];
    await record(database, created);
    const ids = created.map((c) => c.partnerId!);

    await record(database, [sale(ids[0]!, "10.00", "2026-03-01T10:00:00Z", "gate-sale-1")]);
    await record(database, [sale(ids[1]!, "20.00", "2026-03-01T10:00:00Z", "gate-sale-2")]);

    const statements = vi.spyOn(PgDialect.prototype, "sqlToQuery");
    const rows = await database.db.transaction(async (tx) => {
      const gate = new BatchGate(tx);
      statements.mockClear();
      const sales = (tx2: typeof tx, keys: readonly string[]) => recordsByIds(tx2, "sale", keys);
      const [partners, saleRecords] = await Promise.all([
        Promise.all([...ids, "nobody"].map((id) => gate.load("partner", id, partnerRowsByIds))),
        Promise.all(
          ["gate-sale-2", "gate-sale-1", "gate-sale-1"].map((id) => gate.load("sale", id, sales)),
        ),
      ]);
      return { partners, saleRecords, statements: statements.mock.calls.length };
    });
    expect(rows.partners.map((p) => p?.id)).toEqual([...ids, undefined]);
    expect(rows.saleRecords.map((r) => r?.["id"])).toEqual([
      "gate-sale-2",
      "gate-sale-1",
      "gate-sale-1",
    ]);
    expect(rows.saleRecords[0]?.["amount"]).toEqual({ amount: "20.00", currency: "USD" });
    // Seven reads of two kinds: one SELECT per kind.
    expect(rows.statements).toBe(2);
  });

  it("records the round's events in one call with each run's causation; a refused one fails alone", async () => {
    const database = get();
    const created = [partnerCreated(), partnerCreated()];
    await record(database, created);
    const [a, b] = created.map((c) => c.partnerId!) as [string, string];

    const answers = await database.db.transaction(async (tx) => {
      const gate = new BatchGate(tx);
      const ask = (input: EventInput, run: string) =>
        gate.recordEvent(input, { causationRunId: run, causationDepth: 2, occurredAt: at }).then(
          (result) => ({ ok: true as const, result }),
          (error: unknown) => ({ ok: false as const, error }),
        );
      return Promise.all([
        ask(reward(a, "gate-a"), "run_a"),
        ask(reward("no_such_partner", "gate-x"), "run_x"),
        ask(reward(b, "gate-b"), "run_b"),
      ]);
    });

    expect(answers[0]).toMatchObject({ ok: true, result: { duplicate: false } });
    expect(answers[2]).toMatchObject({ ok: true, result: { duplicate: false } });
    const refused = answers[1];
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toBeInstanceOf(DomainError);
    expect(!refused.ok && (refused.error as DomainError).code).toBe("PARTNER_NOT_FOUND");

    const events = await database.db
      .select()
      .from(schema.events)
      .where(inArray(schema.events.idempotencyKey, ["gate-a", "gate-x", "gate-b"]));
    expect(
      events.map((e) => [e.idempotencyKey, e.causationRunId, e.causationDepth]).sort(),
    ).toEqual([
      ["gate-a", "run_a", 2],
      ["gate-b", "run_b", 2],
    ]);
    const ledger = await database.db
      .select()
      .from(schema.rewardLedger)
      .where(inArray(schema.rewardLedger.partnerId, [a, b]));
    expect(ledger.map((l) => [l.partnerId, l.runId]).sort()).toEqual(
      [
        [a, "run_a"],
        [b, "run_b"],
      ].sort(),
    );
  });

  it("events with their own record id are answered before their writes land; the writes are handed over", async () => {
    const database = get();
    const created = [partnerCreated(), partnerCreated()];
    await record(database, created);
    const [a, b] = created.map((c) => c.partnerId!) as [string, string];
    const seen = await database.db.transaction(async (tx) => {
      const gate = new BatchGate(tx);
      const opts = (run: string) => ({ causationRunId: run, causationDepth: 1, occurredAt: at });
      const rewards = await Promise.all([
        gate.recordEvent(reward(a, "wb-gate-a"), opts("run_a")),
        gate.recordEvent(reward(b, "wb-gate-b"), opts("run_b")),
      ]);
      const writes = gate.takeWrites();
      await Promise.all(writes);
      // An event without its own id (a tier change) is answered with its seq, written.
      const tier = await promoteToGold(gate, a, "wb-gate-tier");
      return { rewards, writes: writes.length, left: gate.takeWrites().length, tier };
    });
    expect(seen.rewards).toEqual([
      { seq: null, duplicate: false, derived: false },
      { seq: null, duplicate: false, derived: false },
    ]);
    expect(seen.writes).toBe(1);
    expect(seen.left).toBe(0);
    expect(seen.tier.seq).toEqual(expect.any(Number));
    const ledger = await database.db
      .select({ id: schema.rewardLedger.id })
      .from(schema.rewardLedger)
      .where(inArray(schema.rewardLedger.partnerId, [a, b]));
    expect(ledger.map((l) => l.id).sort()).toEqual(["rwd_wb-gate-a", "rwd_wb-gate-b"]);
  });

  it("a run's own asks stay in order: it reads what it wrote in an earlier round", async () => {
    const database = get();
    const created = partnerCreated();
    await record(database, [created]);
    const id = created.partnerId!;
    const tier = await database.db.transaction(async (tx) => {
      const gate = new BatchGate(tx);
      await promoteToGold(gate, id, "gate-tier");
      return (await gate.load("partner", id, partnerRowsByIds))?.tier;
    });
    expect(tier).toBe("Gold");
    const [row] = await database.db
      .select({ tier: schema.partners.tier })
      .from(schema.partners)
      .where(eq(schema.partners.id, id));
    expect(row?.tier).toBe("Gold");
  });

  it("prefetched rows answer only the first reads: after the group wrote, a read goes to the table", async () => {
    const database = get();
    const created = partnerCreated();
    await record(database, [created]);
    const id = created.partnerId!;
    const statements = vi.spyOn(PgDialect.prototype, "sqlToQuery");
    const seen = await database.db.transaction(async (tx) => {
      const gate = new BatchGate(tx);
      statements.mockClear();
      gate.prefetch("partner", [id], partnerRowsByIds);
      const first = await gate.load("partner", id, partnerRowsByIds);
      const readsBefore = statements.mock.calls.length;
      await promoteToGold(gate, id, "gate-prefetch-tier");
      const after = await gate.load("partner", id, partnerRowsByIds);
      return { first: first?.tier, readsBefore, after: after?.tier };
    });
    // The prefetch and the first read were one statement; the read after the write saw it.
    expect(seen).toEqual({ first: "Registered", readsBefore: 1, after: "Gold" });
  });

  it("a failed prefetch is answered to the loads that use it and to nobody else", async () => {
    const database = get();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      await database.db.transaction(async (tx) => {
        const gate = new BatchGate(tx);
        const failing = () => Promise.reject(new Error("prefetch failed"));
        gate.prefetch("partner", ["a", "b"], failing);
        await expect(gate.load("partner", "a", failing)).rejects.toThrow("prefetch failed");
      });
      // "b" was never loaded: its share of the failure must not surface as unhandled.
      await new Promise((res) => setTimeout(res, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("outbox rows are answered at once and handed over for the final write", async () => {
    const database = get();
    const rows = await database.db.transaction(async (tx) => {
      const gate = new BatchGate(tx);
      const statements = vi.spyOn(PgDialect.prototype, "sqlToQuery");
      await gate.insertOutbox({
        channel: "email",
        idempotencyKey: "gate-outbox-1",
        partnerId: null,
        runId: "run_o",
        payload: {},
        nextAttemptAt: at,
        status: "pending",
      });
      expect(statements).not.toHaveBeenCalled();
      return [gate.takeOutbox(), gate.takeOutbox()];
    });
    expect(rows.map((r) => r.map((o) => o.idempotencyKey))).toEqual([["gate-outbox-1"], []]);
  });
});
