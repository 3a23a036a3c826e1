import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { schema, type Database } from "@partnerflow/db";
import { describeEachBackend } from "@partnerflow/db/testing";
import { decideApproval } from "./engine/wake.ts";
import { deactivateWorkflow } from "./workflows/lifecycle.ts";
import { liveWorkflow, partnerCreated } from "../test/helpers.ts";
import { ev, ingest, settleAt } from "../test/scenario-helpers.ts";

const { deals, leads, tasks, rewardLedger, approvals, runs } = schema;

async function dealRow(database: Database, dealId: string) {
  const [row] = await database.db.select().from(deals).where(eq(deals.id, dealId));
  return row;
}

const registered = (pid: string, dealId: string, amount: string, at: string) =>
  ev("deal.registered", pid, at, {
    dealId,
    customer: `Customer ${dealId}`,
    amount: { amount, currency: "USD" },
    productLine: "core",
  });

describeEachBackend("scenarios 4 and 5 live (leads, deals)", (get) => {
  it("scenario 4: a lead goes to an eligible partner of its region (skipping one with 20 open leads); with none eligible the channel team gets a task", async () => {
    const database = get();
    // Before the workflow exists: a Platinum partner in NA already holds 20 open leads.
    const busy = partnerCreated({ region: "NA", tier: "Platinum" });
    await ingest(database, busy);
    for (let i = 0; i < 20; i++) {
      const leadId = `own-${i}-${busy.partnerId}`;
      await ingest(
        database,
        ev("lead.created", undefined, "2026-02-09T09:00:00Z", {
          leadId,
          company: leadId,
          region: "NA",
        }),
        ev("lead.assigned", busy.partnerId, "2026-02-09T09:00:01Z", { leadId }),
      );
    }
    await liveWorkflow(database, "lead-distribution");
    const a = partnerCreated({ region: "LATAM", tier: "Gold" });
    const b = partnerCreated({ region: "LATAM", tier: "Registered" });
    const idle = partnerCreated({ region: "NA", tier: "Registered" });
    await ingest(database, a, b, idle);
    const lead = (leadId: string, region: string, company = `Co ${leadId}`) =>
      ev("lead.created", undefined, "2026-02-10T10:00:00Z", { leadId, company, region });
    const latam = Array.from({ length: 6 }, (_, i) => `lead-latam-${i}-${a.partnerId}`);
    const na = Array.from({ length: 3 }, (_, i) => `lead-na-${i}-${a.partnerId}`);
    await ingest(
      database,
      ...latam.map((id) => lead(id, "LATAM")),
      ...na.map((id) => lead(id, "NA")),
      lead(`lead-apac-${a.partnerId}`, "APAC", "Lonely Co"),
    );
    await settleAt(database, "2026-02-10T10:00:05Z");

    const owner = async (id: string) =>
      (await database.db.select().from(leads).where(eq(leads.id, id)))[0]?.partnerId ?? null;
    for (const id of latam) expect([a.partnerId, b.partnerId]).toContain(await owner(id));
    // Platinum weighs 4 to Registered's 1, but the busy partner is skipped.
    for (const id of na) expect(await owner(id)).toBe(idle.partnerId);
    expect(await owner(`lead-apac-${a.partnerId}`)).toBeNull();
    const channelTasks = await database.db
      .select()
      .from(tasks)
      .where(
        and(
          eq(tasks.team, "channel"),
          eq(tasks.title, "No eligible partner for lead Lonely Co (APAC)"),
        ),
      );
    expect(channelTasks).toHaveLength(1);
  });

  it("scenario 5: a small deal from a certified partner is approved automatically; a won deal pays 5% in its currency", async () => {
    const database = get();
    const review = await liveWorkflow(database, "deal-registration-review");
    await liveWorkflow(database, "deal-won-commission");
    const p = partnerCreated();
    const pid = p.partnerId!;
    await ingest(
      database,
      p,
      ev("certification.earned", pid, "2026-02-01T11:00:00Z", {
        certificationId: `cert-${pid}`,
        name: "Sales Pro",
        expiresAt: "2027-02-01",
      }),
    );
    await settleAt(database, "2026-02-01T11:00:01Z");
    await ingest(database, registered(pid, `small-${pid}`, "49999.00", "2026-02-02T10:00:00Z"));
    await settleAt(database, "2026-02-02T10:00:01Z");
    expect((await dealRow(database, `small-${pid}`))?.status).toBe("approved");

    await ingest(
      database,
      ev("deal.registered", pid, "2026-02-03T10:00:00Z", {
        dealId: `eur-${pid}`,
        customer: "Euro GmbH",
        amount: { amount: "20000.00", currency: "EUR" },
        productLine: "core",
      }),
    );
    await settleAt(database, "2026-02-03T10:00:01Z");
    await ingest(
      database,
      ev("deal.status_changed", pid, "2026-02-20T10:00:00Z", { dealId: `eur-${pid}`, to: "won" }),
    );
    await settleAt(database, "2026-02-20T10:00:01Z");
    const ledger = await database.db
      .select()
      .from(rewardLedger)
      .where(eq(rewardLedger.partnerId, pid));
    expect(ledger.map((r) => [r.kind, r.amountMinor, r.currency])).toEqual([
      ["commission", 100000, "EUR"],
    ]);
    // The next test registers deals with its own copy of the review workflow.
    await deactivateWorkflow(database.db, { id: review });
  });

  it("scenario 5: a large deal waits for a channel manager; approved → approved, unanswered for 3 days → escalation task", async () => {
    const database = get();
    await liveWorkflow(database, "deal-registration-review", "deal review 2");
    const p = partnerCreated();
    const pid = p.partnerId!;
    await ingest(database, p);
    await ingest(
      database,
      registered(pid, `big1-${pid}`, "75000.00", "2026-03-02T10:00:00Z"),
      registered(pid, `big2-${pid}`, "90000.00", "2026-03-02T10:00:00Z"),
    );
    await settleAt(database, "2026-03-02T10:00:01Z");
    expect((await dealRow(database, `big1-${pid}`))?.status).toBe("submitted");
    const pending = await database.db
      .select()
      .from(approvals)
      .where(and(eq(approvals.partnerId, pid), eq(approvals.status, "pending")));
    expect(pending.map((a) => a.title).sort()).toEqual([
      `Deal Customer big1-${pid} for $75,000.00`,
      `Deal Customer big2-${pid} for $90,000.00`,
    ]);
    const first = pending.find((a) => a.title.includes("big1"))!;
    await decideApproval(
      { database, clock: () => new Date("2026-03-03T10:00:00Z") },
      { id: first.id, decision: "approve", by: "maria" },
    );
    await settleAt(database, "2026-03-03T10:00:01Z");
    expect((await dealRow(database, `big1-${pid}`))?.status).toBe("approved");

    await settleAt(database, "2026-03-05T09:59:00Z");
    expect(await database.db.select().from(tasks).where(eq(tasks.partnerId, pid))).toHaveLength(0);
    await settleAt(database, "2026-03-05T10:00:02Z");
    expect((await dealRow(database, `big2-${pid}`))?.status).toBe("submitted");
    const escalations = await database.db.select().from(tasks).where(eq(tasks.partnerId, pid));
    expect(escalations.map((t) => [t.team, t.title])).toEqual([
      ["channel", `Escalation: deal Customer big2-${pid} waits for review`],
    ]);
    const done = await database.db.select().from(runs).where(eq(runs.partnerId, pid));
    expect(done.map((r) => r.status)).toEqual(["completed", "completed"]);
  });
});
