import type { EventInput } from "@partnerflow/domain";
import { schema } from "@partnerflow/db";
import { describeEachBackend } from "@partnerflow/db/testing";
import { eq, inArray, like } from "drizzle-orm";
import { expect, it } from "vitest";
import { DomainError } from "./errors.ts";
import { recordEvents } from "./record.ts";
import { COPY_MIN_ROWS } from "./write-back.ts";

// How a batch is written back: on PostgreSQL the log of a small batch by a JSON statement and
// a bulk one by COPY, on PGlite always by JSON statements. Every case runs below and at the COPY
// threshold: values arrive exactly, seqs follow input order, a unique violation rolls back.
const SIZES = [
  ["small", 1],
  ["bulk", COPY_MIN_ROWS],
] as const;

/** `n - 1` CSAT responses of `partnerId` to pad a batch to `n` events. */
function padding(tag: string, partnerId: string, n: number): EventInput[] {
  return Array.from({ length: n - 1 }, (_, i) => ({
    type: "csat.recorded",
    idempotencyKey: `wb-pad-${tag}-${i}`,
    partnerId,
    occurredAt: "2026-03-01T11:00:00Z",
    payload: { responseId: `wb-pad-${tag}-${i}`, score: 4 },
  }));
}

describeEachBackend("write-back", (get) => {
  it.each(SIZES)(
    "stores text with tabs, newlines, backslashes and quotes exactly (%s batch)",
    async (tag, n) => {
      const { db } = get();
      const name = `Tab\there\nnew line \\ back\\slash "quoted" \u00e9\u{1F600} \\N ${tag}`;
      const id = `wb-escape-${tag}`;
      const ev: EventInput = {
        type: "partner.created",
        idempotencyKey: id,
        partnerId: id,
        occurredAt: "2026-03-01T10:00:00Z",
        payload: {
          name,
          tier: "Gold",
          region: "EMEA",
          country: "DE",
          type: "reseller",
          status: "active",
          attributes: { note: "a\tb\\c\nd\r", n: 2, ok: true },
        },
      };
      const [r] = await recordEvents(db, [ev, ...padding(tag, id, n)]);
      const [logged] = await db.select().from(schema.events).where(eq(schema.events.seq, r!.seq));
      expect(logged!.payload).toEqual(ev.payload);
      expect(logged!.idempotencyKey).toBe(id);
      expect(logged!.occurredAt.toISOString()).toBe("2026-03-01T10:00:00.000Z");
      const [partner] = await db.select().from(schema.partners).where(eq(schema.partners.id, id));
      expect(partner!.name).toBe(name);
      expect(partner!.attributes).toEqual({ note: "a\tb\\c\nd\r", n: 2, ok: true });
      const csat = await db
        .select()
        .from(schema.csatScores)
        .where(like(schema.csatScores.id, `wb-pad-${tag}-%`));
      expect(csat).toHaveLength(n - 1);
    },
  );

  it.each(SIZES)(
    "draws seqs in input order, a derived event right after its source (%s batch)",
    async (tag, n) => {
      const { db } = get();
      const partnerId = `wb-escape-${tag}`;
      const inv = (i: number, level: number): EventInput => ({
        type: "inventory.updated",
        idempotencyKey: `wb-inv-${tag}-${i}`,
        partnerId,
        occurredAt: `2026-03-02T10:00:0${i}Z`,
        payload: { sku: "WB-SKU", level, threshold: 10 },
      });
      const pad = padding(`inv-${tag}`, partnerId, n);
      const results = await recordEvents(db, [inv(0, 50), inv(1, 5), ...pad, inv(2, 40)]);
      const [a, b] = results;
      const c = results[results.length - 1]!;
      expect(b!.derived).toHaveLength(1);
      const derived = b!.derived[0]!;
      expect(a!.seq).toBeLessThan(b!.seq);
      expect(b!.seq).toBeLessThan(derived);
      expect(derived).toBeLessThan(results[2]!.seq);
      const seqs = results.map((r) => r.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      const rows = await db
        .select({ seq: schema.events.seq, type: schema.events.type })
        .from(schema.events)
        .where(inArray(schema.events.seq, [a!.seq, b!.seq, derived, c.seq]));
      expect(rows.find((r) => r.seq === derived)?.type).toBe("inventory.low");
    },
  );

  it.each(SIZES)(
    "records each event once when writers without a partner lock race on the keys (%s batch)",
    async (tag, n) => {
      const { db } = get();
      // lead.created names no partner, so nothing serializes the writers before the log
      // write: the losers hit the unique index, roll back, and are answered as duplicates.
      const batch: EventInput[] = Array.from({ length: n }, (_, i) => ({
        type: "lead.created",
        idempotencyKey: `wb-race-${tag}-${i}`,
        payload: { leadId: `wb-race-${tag}-${i}`, company: "Initech", region: "EMEA" },
      }));
      const answers = await Promise.all([0, 1, 2, 3].map(() => recordEvents(db, batch)));
      for (let i = 0; i < n; i++) {
        expect(new Set(answers.map((a) => a[i]!.seq)).size).toBe(1);
      }
      expect(answers.filter((a) => !a[0]!.duplicate)).toHaveLength(1);
      const logged = await db
        .select()
        .from(schema.events)
        .where(like(schema.events.idempotencyKey, `wb-race-${tag}-%`));
      expect(logged).toHaveLength(n);
      const leads = await db
        .select()
        .from(schema.leads)
        .where(like(schema.leads.id, `wb-race-${tag}-%`));
      expect(leads).toHaveLength(n);
      // The connections are usable afterwards (a failed COPY is settled and rolled back).
      const [after] = await recordEvents(db, [
        {
          ...batch[0]!,
          idempotencyKey: `wb-after-${tag}`,
          payload: { ...batch[0]!.payload, leadId: `wb-after-${tag}` },
        } as EventInput,
      ]);
      expect(after!.duplicate).toBe(false);
    },
  );

  it.each(SIZES)(
    "rolls a batch back whole when a projection write loses a race (%s batch)",
    async (tag, n) => {
      const { db } = get();
      // Two writers create the same leads under different keys: the loser's lead INSERT hits
      // the unique index (on PostgreSQL before its log COPY starts, which then fails too), the
      // retry sees the leads and refuses the batch; nothing of it is written.
      const batch = (writer: number): EventInput[] =>
        Array.from({ length: n }, (_, i) => ({
          type: "lead.created",
          idempotencyKey: `wb-lost-${tag}-${writer}-${i}`,
          payload: { leadId: `wb-lost-${tag}-${i}`, company: "Initech", region: "EMEA" },
        }));
      const outcomes = await Promise.allSettled([0, 1].map((w) => recordEvents(db, batch(w))));
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      const refused = outcomes.find((o) => o.status === "rejected")?.reason as unknown;
      expect(refused).toBeInstanceOf(DomainError);
      expect((refused as DomainError).code).toBe("ENTITY_EXISTS");
      const logged = await db
        .select()
        .from(schema.events)
        .where(like(schema.events.idempotencyKey, `wb-lost-${tag}-%`));
      expect(logged).toHaveLength(n);
      const [after] = await recordEvents(db, [
        {
          type: "lead.created",
          idempotencyKey: `wb-lost-after-${tag}`,
          payload: { leadId: `wb-lost-after-${tag}`, company: "Initech", region: "EMEA" },
        },
      ]);
      expect(after!.duplicate).toBe(false);
    },
  );
});
