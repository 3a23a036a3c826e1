import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { schema, type Database } from "@partnerflow/db";
import { describeEachBackend } from "@partnerflow/db/testing";
import { liveWorkflow, partnerCreated, sale } from "../test/helpers.ts";
import { ev, ingest, settleAt } from "../test/scenario-helpers.ts";

const { partners, rewardLedger, enablementGrants, reorders, notifications, outbox } = schema;

const ledgerOf = async (database: Database, pid: string) =>
  (
    await database.db
      .select()
      .from(rewardLedger)
      .where(eq(rewardLedger.partnerId, pid))
      .orderBy(rewardLedger.createdAt)
  ).map((r) => [r.kind, r.amountMinor ?? r.points, r.currency ?? null]);

const tierOf = async (database: Database, pid: string) =>
  (await database.db.select().from(partners).where(eq(partners.id, pid)))[0]?.tier;

const cert = (pid: string, n: number, at: string) =>
  ev("certification.earned", pid, at, { certificationId: `c${n}-${pid}`, name: `Cert ${n}` });

describeEachBackend("scenarios 6, 9, 10, 11 live (enablement, stock, rewards)", (get) => {
  it("scenario 6: each certification grants the advanced content; the third moves a Registered partner to Silver, not a Gold one", async () => {
    const database = get();
    await liveWorkflow(database, "certification-unlocks-enablement");
    const reg = partnerCreated();
    const gold = partnerCreated({ tier: "Gold" });
    const r = reg.partnerId!;
    const g = gold.partnerId!;
    await ingest(database, reg, gold, cert(r, 1, "2026-02-02T10:00:00Z"));
    await ingest(database, cert(r, 2, "2026-02-03T10:00:00Z"));
    await settleAt(database, "2026-02-03T10:00:01Z");
    expect(await tierOf(database, r)).toBe("Registered");
    const grants = await database.db
      .select()
      .from(enablementGrants)
      .where(eq(enablementGrants.partnerId, r));
    expect(grants.map((x) => x.content)).toEqual(["Advanced enablement"]);

    await ingest(
      database,
      cert(r, 3, "2026-02-04T10:00:00Z"),
      ...[1, 2, 3].map((n) => cert(g, n, `2026-02-0${n + 1}T11:00:00Z`)),
    );
    await settleAt(database, "2026-02-04T11:00:01Z");
    expect(await tierOf(database, r)).toBe("Silver");
    expect(await tierOf(database, g)).toBe("Gold");
  });

  it("scenario 9: low stock reorders (target − current) rounded up to the case size and notifies the distributor", async () => {
    const database = get();
    await liveWorkflow(database, "inventory-replenishment");
    const d = partnerCreated({ type: "distributor" });
    const pid = d.partnerId!;
    await ingest(
      database,
      d,
      ev("inventory.low", pid, "2026-02-05T10:00:00Z", {
        sku: "SKU-1",
        level: 13,
        threshold: 20,
        targetLevel: 100,
        caseSize: 12,
      }),
      ev("inventory.low", pid, "2026-02-05T11:00:00Z", {
        sku: "SKU-2",
        level: 4,
        threshold: 10,
        targetLevel: 40,
        caseSize: 6,
      }),
    );
    await settleAt(database, "2026-02-05T11:00:01Z");
    const rows = await database.db.select().from(reorders).where(eq(reorders.partnerId, pid));
    expect(rows.map((x) => [x.sku, x.quantity]).sort()).toEqual([
      ["SKU-1", 96],
      ["SKU-2", 36],
    ]);
    const notes = await database.db
      .select()
      .from(notifications)
      .where(eq(notifications.partnerId, pid));
    expect(notes.map((n) => n.body).sort()).toEqual([
      "We reordered stock of SKU-1 for you.",
      "We reordered stock of SKU-2 for you.",
    ]);
  });

  it("scenario 10: 500 points and an email once per quarter when the average is ≥ 4.5 over ≥ 10 responses", async () => {
    const database = get();
    await liveWorkflow(database, "service-excellence");
    const p = partnerCreated();
    const pid = p.partnerId!;
    const csat = (n: number, score: number, day: string) =>
      ev("csat.recorded", pid, `${day}T10:00:${String(n % 60).padStart(2, "0")}Z`, {
        responseId: `r${n}-${pid}`,
        score,
      });
    await ingest(database, p, ...Array.from({ length: 9 }, (_, i) => csat(i, 5, "2026-02-10")));
    await settleAt(database, "2026-02-10T11:00:00Z");
    expect(await ledgerOf(database, pid)).toEqual([]);
    // 10th and 11th responses: average 4.6 over 10, then 4.55 over 11 — rewarded once.
    await ingest(database, csat(9, 4, "2026-02-11"), csat(10, 4, "2026-02-12"));
    await settleAt(database, "2026-02-12T11:00:00Z");
    expect(await ledgerOf(database, pid)).toEqual([["points", 500, null]]);
    const mails = await database.db.select().from(outbox).where(eq(outbox.partnerId, pid));
    expect(mails).toHaveLength(1);

    // Next quarter: ten responses averaging 4.0 — nothing.
    await ingest(
      database,
      ...Array.from({ length: 10 }, (_, i) => csat(20 + i, i % 2 ? 5 : 3, "2026-04-10")),
    );
    await settleAt(database, "2026-04-10T11:00:00Z");
    expect(await ledgerOf(database, pid)).toHaveLength(1);
  });

  it("scenario 11: 3% premium rebate in the sale's currency, capped at 10,000 EUR per quarter across currencies", async () => {
    const database = get();
    await liveWorkflow(database, "premium-rebate");
    const p = partnerCreated();
    const pid = p.partnerId!;
    const eurSale = (amount: string, at: string, key: string) =>
      ev("sale.recorded", pid, at, {
        saleId: key,
        amount: { amount, currency: "EUR" },
        productLine: "premium",
      });
    await ingest(
      database,
      p,
      sale(pid, "50000.00", "2026-02-02T10:00:00Z", `core-${pid}`),
      sale(pid, "200000.00", "2026-02-03T10:00:00Z", `prem-${pid}-1`, "premium"),
    );
    await settleAt(database, "2026-02-03T10:00:01Z");
    // 6,000 USD is 5,520 EUR at the default rate (0.92 EUR per USD): 4,480 EUR of cap left.
    expect(await ledgerOf(database, pid)).toEqual([["rebate", 600000, "USD"]]);

    await ingest(database, eurSale("200000.00", "2026-02-04T10:00:00Z", `prem-${pid}-2`));
    await settleAt(database, "2026-02-04T10:00:01Z");
    await ingest(database, eurSale("1000.00", "2026-02-05T10:00:00Z", `prem-${pid}-3`));
    await settleAt(database, "2026-02-05T10:00:01Z");
    const q1 = await ledgerOf(database, pid);
    expect(q1.slice(0, 2)).toEqual([
      ["rebate", 600000, "USD"],
      ["rebate", 448000, "EUR"],
    ]);
    // The cap is used up: nothing more is paid this quarter.
    expect(q1.slice(2).every(([, minor]) => minor === 0)).toBe(true);

    await ingest(database, eurSale("1000.00", "2026-04-01T10:00:00Z", `prem-${pid}-4`));
    await settleAt(database, "2026-04-01T10:00:01Z");
    expect((await ledgerOf(database, pid)).at(-1)).toEqual(["rebate", 3000, "EUR"]);
  });
});
