import { MAX_EVENT_BYTES, type EventInput } from "@partnerflow/domain";
import { schema } from "@partnerflow/db";
import { describeEachBackend } from "@partnerflow/db/testing";
import { eq, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { DomainError } from "./errors.ts";
import { loadRateBookFor, upsertExchangeRates } from "./exchange-rates.ts";
import { ingestEvent, ingestNdjson } from "./ingest.ts";
import { partnerStateFromTables } from "./reads.ts";
import { recordEvent, recordEvents } from "./record.ts";

let n = 0;
const key = (): string => `svc-${n++}`;
const created = (id: string): EventInput => ({
  type: "partner.created",
  idempotencyKey: key(),
  partnerId: id,
  occurredAt: "2026-03-01T10:00:00Z",
  payload: {
    name: `Partner ${id}`,
    tier: "Silver",
    region: "EMEA",
    country: "DE",
    type: "reseller",
    status: "active",
  },
});
const ndjson = (...lines: unknown[]): string =>
  lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n");

describeEachBackend("service", (get) => {
  const countEvents = async (): Promise<number> => {
    const [row] = await get()
      .db.select({ c: sql<string>`count(*)` })
      .from(schema.events);
    return Number(row!.c);
  };

  beforeAll(async () => {
    const { db } = get();
    await upsertExchangeRates(db, [{ day: "2026-01-01", currency: "EUR", perUsd: "0.8" }]);
    await recordEvents(db, [created("acme"), created("globex")]);
  });

  it("projects a sale in minor units and the day's reporting amount", async () => {
    const { db } = get();
    const [r] = await recordEvents(db, [
      {
        type: "sale.recorded",
        idempotencyKey: key(),
        partnerId: "acme",
        occurredAt: "2026-03-02T10:00:00Z",
        payload: {
          saleId: "s-eur",
          amount: { amount: "100.01", currency: "EUR" },
          productLine: "premium",
        },
      },
    ]);
    expect(r).toMatchObject({ duplicate: false, derived: [] });
    const [sale] = await db.select().from(schema.sales).where(eq(schema.sales.id, "s-eur"));
    // 100.01 EUR / 0.8 = 125.0125 USD → 12501 cents (half-even)
    expect(sale).toMatchObject({
      amountMinor: 10001,
      currency: "EUR",
      amountReportingMinor: 12501,
      partnerId: "acme",
    });
  });

  it("loads, per currency, the rates in range plus the latest one before it", async () => {
    const { db } = get();
    await upsertExchangeRates(db, [
      { day: "2025-06-01", currency: "GBP", perUsd: "0.75" },
      { day: "2024-06-01", currency: "GBP", perUsd: "0.7" },
      { day: "2026-02-03", currency: "GBP", perUsd: "0.78" },
    ]);
    const book = await loadRateBookFor(db, ["EUR", "GBP"], "2026-02-01", "2026-02-05");
    expect(book.perUsd("EUR", "2026-02-02")).toBe("0.80000000");
    expect(book.perUsd("GBP", "2026-02-02")).toBe("0.75000000");
    expect(book.perUsd("GBP", "2026-02-04")).toBe("0.78000000");
  });

  it("the same idempotency key twice answers the first seq and records one event", async () => {
    const { db } = get();
    const ev: EventInput = {
      type: "csat.recorded",
      idempotencyKey: "dup-1",
      partnerId: "acme",
      payload: { responseId: "r-dup", score: 5 },
    };
    const before = await countEvents();
    const first = await ingestEvent(db, ev);
    const second = await ingestEvent(db, ev);
    expect(first.status).toBe(200);
    expect(second).toEqual({
      status: 200,
      body: { ok: true, seq: (first.body as { seq: number }).seq, duplicate: true, derived: [] },
    });
    expect(await countEvents()).toBe(before + 1);
  });

  it("concurrent recordings of one key record one event and answer the same seq", async () => {
    const { db } = get();
    const ev = {
      type: "csat.recorded",
      idempotencyKey: "race-1",
      partnerId: "acme",
      payload: { responseId: "r-race", score: 3 },
    };
    const before = await countEvents();
    const answers = await Promise.all([
      ingestEvent(db, ev),
      ingestEvent(db, ev),
      ingestEvent(db, ev),
    ]);
    const bodies = answers.map((a) => a.body as { seq: number; duplicate: boolean });
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(bodies.map((b) => b.seq)).size).toBe(1);
    expect(bodies.filter((b) => !b.duplicate)).toHaveLength(1);
    expect(await countEvents()).toBe(before + 1);
  });

  it("duplicates within one batch are recorded once", async () => {
    const { db } = get();
    const ev = {
      type: "csat.recorded",
      idempotencyKey: "dup-2",
      partnerId: "acme",
      payload: { responseId: "r-dup2", score: 4 },
    };
    const before = await countEvents();
    const res = await ingestNdjson(db, ndjson(ev, ev));
    expect(res.status).toBe(200);
    const body = res.body as { results: { seq: number; duplicate: boolean }[]; recorded: number };
    expect(body.recorded).toBe(1);
    expect(body.results[1]).toEqual({ line: 2, seq: body.results[0]!.seq, duplicate: true });
    expect(await countEvents()).toBe(before + 1);
  });

  it("a batch is all or nothing: a domain refusal on line 3 writes nothing", async () => {
    const { db } = get();
    const before = await countEvents();
    const res = await ingestNdjson(
      db,
      ndjson(
        {
          type: "task.created",
          idempotencyKey: key(),
          partnerId: "acme",
          payload: { taskId: "tk-batch", title: "x" },
        },
        "",
        {
          type: "deal.status_changed",
          idempotencyKey: key(),
          partnerId: "acme",
          payload: { dealId: "no-such-deal", to: "won" },
        },
      ),
    );
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      ok: false,
      issues: [{ line: 3, path: "payload.dealId", code: "ENTITY_NOT_FOUND" }],
    });
    expect(await countEvents()).toBe(before);
    expect(await db.select().from(schema.tasks).where(eq(schema.tasks.id, "tk-batch"))).toEqual([]);
  });

  it.each([
    [
      "unknown type",
      { type: "partner.exploded", idempotencyKey: "b1", partnerId: "acme", payload: {} },
      "type",
    ],
    [
      "wrong currency",
      {
        type: "sale.recorded",
        idempotencyKey: "b2",
        partnerId: "acme",
        payload: { saleId: "s-b2", amount: { amount: "1", currency: "XXX" }, productLine: "core" },
      },
      "payload.amount.currency",
    ],
    [
      "negative amount",
      {
        type: "sale.recorded",
        idempotencyKey: "b3",
        partnerId: "acme",
        payload: { saleId: "s-b3", amount: { amount: "-5", currency: "USD" }, productLine: "core" },
      },
      "payload.amount.amount",
    ],
    [
      "negative quantity",
      {
        type: "inventory.updated",
        idempotencyKey: "b4",
        partnerId: "acme",
        payload: { sku: "A", level: -1 },
      },
      "payload.level",
    ],
    [
      "missing partner id",
      {
        type: "sale.recorded",
        idempotencyKey: "b5",
        payload: { saleId: "s-b5", amount: { amount: "1", currency: "USD" }, productLine: "core" },
      },
      "partnerId",
    ],
  ])("rejects %s with 400 naming the field", async (_name, raw, path) => {
    const { db } = get();
    const before = await countEvents();
    const res = await ingestEvent(db, raw);
    expect(res.status).toBe(400);
    expect((res.body as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(path);
    expect(await countEvents()).toBe(before);
  });

  it("rejects an event over 1 MB with 413", async () => {
    const { db } = get();
    const big = {
      type: "csat.recorded",
      idempotencyKey: "big",
      partnerId: "acme",
      payload: { responseId: "r-big", score: 5, comment: "x".repeat(MAX_EVENT_BYTES) },
    };
    const res = await ingestEvent(db, big);
    expect(res.status).toBe(413);
    expect((res.body as { issues: { message: string }[] }).issues[0]!.message).toMatch(
      /limit is 1048576 bytes/,
    );
    const batch = await ingestNdjson(db, ndjson(big));
    expect(batch.status).toBe(413);
    expect(batch.body).toMatchObject({ issues: [{ line: 1 }] });
  });

  it("reports every bad NDJSON line with its number and records nothing", async () => {
    const { db } = get();
    const before = await countEvents();
    const good = {
      type: "csat.recorded",
      idempotencyKey: key(),
      partnerId: "acme",
      payload: { responseId: "r-ok", score: 5 },
    };
    const res = await ingestNdjson(
      db,
      ndjson(good, "{not json", good, {
        type: "csat.recorded",
        idempotencyKey: "x",
        partnerId: "acme",
        payload: { responseId: "r", score: 9 },
      }),
    );
    expect(res.status).toBe(400);
    const issues = (res.body as { issues: { line?: number; path: string }[] }).issues;
    expect(issues).toEqual([
      expect.objectContaining({ line: 2, path: "(root)" }),
      expect.objectContaining({ line: 4, path: "payload.score" }),
    ]);
    expect(await countEvents()).toBe(before);
  });

  it.each([
    [
      "unknown partner",
      { type: "task.created", partnerId: "nobody", payload: { taskId: "t-x", title: "x" } },
      "PARTNER_NOT_FOUND",
      "partnerId",
    ],
    [
      "partner created twice",
      { ...created("acme"), idempotencyKey: undefined },
      "PARTNER_EXISTS",
      "partnerId",
    ],
    [
      "status change of an unknown reward",
      {
        type: "reward.status_changed",
        partnerId: "acme",
        payload: { rewardId: "nope", to: "paid" },
      },
      "ENTITY_NOT_FOUND",
      "payload.rewardId",
    ],
    [
      "another partner's deal",
      {
        type: "deal.status_changed",
        partnerId: "globex",
        payload: { dealId: "d-acme", to: "approved" },
      },
      "ENTITY_NOT_FOUND",
      "payload.dealId",
    ],
    [
      "an illegal deal transition",
      { type: "deal.status_changed", partnerId: "acme", payload: { dealId: "d-acme", to: "won" } },
      "INVALID_TRANSITION",
      "payload.to",
    ],
    [
      "a reused sale id",
      {
        type: "sale.recorded",
        partnerId: "globex",
        payload: { saleId: "s-eur", amount: { amount: "1", currency: "USD" }, productLine: "core" },
      },
      "ENTITY_EXISTS",
      "payload.saleId",
    ],
  ])("refuses %s with 409", async (_name, partial, code, path) => {
    const { db } = get();
    await recordEvents(db, [
      {
        type: "deal.registered",
        idempotencyKey: "deal-acme",
        partnerId: "acme",
        payload: {
          dealId: "d-acme",
          customer: "C",
          amount: { amount: "10", currency: "USD" },
          productLine: "core",
        },
      },
    ]);
    const res = await ingestEvent(db, { ...partial, idempotencyKey: key() });
    expect(res).toMatchObject({ status: 409, body: { ok: false, issues: [{ code, path }] } });
  });

  it("recordEvent runs in the caller's transaction and rolls back with it", async () => {
    const { db } = get();
    const ev: EventInput = {
      type: "task.created",
      idempotencyKey: key(),
      partnerId: "acme",
      payload: { taskId: "tk-rb", title: "x" },
    };
    await expect(
      db.transaction(async (tx) => {
        await recordEvent(tx, ev, { causationRunId: "run-1", causationDepth: 1 });
        throw new Error("caller failed");
      }),
    ).rejects.toThrow("caller failed");
    expect(await db.select().from(schema.tasks).where(eq(schema.tasks.id, "tk-rb"))).toEqual([]);
    const r = await db.transaction((tx) =>
      recordEvent(tx, ev, { causationRunId: "run-1", causationDepth: 1 }),
    );
    const [row] = await db.select().from(schema.events).where(eq(schema.events.seq, r.seq));
    expect(row).toMatchObject({ causationRunId: "run-1", causationDepth: 1 });
    expect((await partnerStateFromTables(db, "acme")).tasks["tk-rb"]).toMatchObject({
      runId: "run-1",
      status: "open",
    });
  });

  it("throws DomainError (not a system fault) from recordEvents", async () => {
    const { db } = get();
    const err = await recordEvents(db, [created("acme")]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).data).toMatchObject({ code: "PARTNER_EXISTS", path: "partnerId" });
  });

  it("derives inventory.low once, when the level first falls below the threshold", async () => {
    const { db } = get();
    const inv = (level: number): EventInput => ({
      type: "inventory.updated",
      idempotencyKey: key(),
      partnerId: "globex",
      payload: { sku: "W-1", level, threshold: 10, targetLevel: 50, caseSize: 6 },
    });
    const [a, b, c, d] = await recordEvents(db, [inv(20), inv(5), inv(3), inv(12)]);
    expect([a!.derived, c!.derived, d!.derived]).toEqual([[], [], []]);
    expect(b!.derived).toHaveLength(1);
    const [low] = await db
      .select()
      .from(schema.events)
      .where(eq(schema.events.seq, b!.derived[0]!));
    expect(low).toMatchObject({
      type: "inventory.low",
      partnerId: "globex",
      payload: { sku: "W-1", level: 5, threshold: 10, targetLevel: 50, caseSize: 6 },
    });
    expect(low!.seq).toBeGreaterThan(b!.seq);
    // 12 → 1 crosses again; 1 → 0 is already low (the level carries across batches).
    const [e] = await recordEvents(db, [inv(1)]);
    expect(e!.derived).toHaveLength(1);
    const [f] = await recordEvents(db, [inv(0)]);
    expect(f!.derived).toEqual([]);
  });
});
