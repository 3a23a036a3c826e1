import { schema } from "@partnerflow/db";
import { describeEachBackend } from "@partnerflow/db/testing";
import type { EventInput } from "@partnerflow/domain";
import { inArray } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { DomainError } from "./errors.ts";
import { recordEvents, recordEventsWriteBehind } from "./record.ts";

const created = (id: string): EventInput => ({
  type: "partner.created",
  idempotencyKey: `wb-created-${id}`,
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
const reward = (partnerId: string, key: string, amount = "5.00"): EventInput => ({
  type: "reward.issued",
  idempotencyKey: key,
  partnerId,
  occurredAt: "2026-03-02T10:00:00Z",
  payload: {
    rewardId: `rwd_${key}`,
    kind: "rebate",
    amount: { amount, currency: "USD" },
    status: "pending",
    reason: "test",
  },
});

describeEachBackend("recordEventsWriteBehind", (get) => {
  beforeAll(async () => {
    await recordEvents(get().db, [created("wb1"), created("wb2")]);
  });

  it("answers before its writes are done; they land once `written` settles, before COMMIT", async () => {
    const { db } = get();
    await recordEvents(db, [reward("wb1", "wb-old")]);
    const seen = await db.transaction(async (tx) => {
      const behind = await recordEventsWriteBehind(tx, [
        reward("wb1", "wb-a"),
        reward("wb2", "wb-b"),
        reward("wb1", "wb-old"), // recorded before
        reward("wb1", "wb-a"), // repeated within the batch
      ]);
      await behind.written;
      const rows = await tx
        .select({ id: schema.rewardLedger.id })
        .from(schema.rewardLedger)
        .where(inArray(schema.rewardLedger.id, ["rwd_wb-a", "rwd_wb-b"]));
      return { results: behind.results, rows: rows.map((r) => r.id).sort() };
    });
    expect(seen.results).toEqual([
      { duplicate: false, derived: false },
      { duplicate: false, derived: false },
      { duplicate: true, derived: false },
      { duplicate: true, derived: false },
    ]);
    expect(seen.rows).toEqual(["rwd_wb-a", "rwd_wb-b"]);
    const events = await db
      .select({ key: schema.events.idempotencyKey })
      .from(schema.events)
      .where(inArray(schema.events.idempotencyKey, ["wb-a", "wb-b", "wb-old"]));
    expect(events.map((e) => e.key).sort()).toEqual(["wb-a", "wb-b", "wb-old"]);
  });

  it("refuses an event before writing anything", async () => {
    const { db } = get();
    await expect(
      db.transaction(async (tx) => {
        const behind = await recordEventsWriteBehind(tx, [
          reward("wb1", "wb-c"),
          reward("no_such_partner", "wb-d"),
        ]);
        await behind.written;
      }),
    ).rejects.toMatchObject({ code: "PARTNER_NOT_FOUND", index: 1 });
    const rows = await db
      .select()
      .from(schema.events)
      .where(inArray(schema.events.idempotencyKey, ["wb-c", "wb-d"]));
    expect(rows).toEqual([]);
  });

  it("a write that fails rejects `written`: the caller's await reports it", async () => {
    const { db } = get();
    // Valid for the projection, too big for the ledger's bigint column: only the write fails.
    let answered = false;
    const failure = await db
      .transaction(async (tx) => {
        const behind = await recordEventsWriteBehind(tx, [
          reward("wb2", "wb-f", "99999999999999999999999.00"),
        ]);
        answered = true;
        await behind.written;
      })
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(answered).toBe(true);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(DomainError);
    expect(String((failure as Error).cause ?? failure)).toMatch(/bigint/);
    const rows = await db
      .select()
      .from(schema.events)
      .where(inArray(schema.events.idempotencyKey, ["wb-f"]));
    expect(rows).toEqual([]);
  });
});
