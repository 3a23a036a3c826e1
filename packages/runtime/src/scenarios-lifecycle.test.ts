import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { schema, type Database } from "@partnerflow/db";
import { describeEachBackend } from "@partnerflow/db/testing";
import { templateById } from "@partnerflow/workflow/fixtures";
import { decideApproval } from "./engine/wake.ts";
import { activateWorkflow, createWorkflow, deactivateWorkflow, publishWorkflow } from "./index.ts";
import { liveWorkflow, partnerCreated } from "../test/helpers.ts";
import { ev, ingest, seedUsers, settleAt } from "../test/scenario-helpers.ts";

const { partners, tasks, outbox, documents, notifications, rewardLedger, approvals } = schema;

/** Activates a fixture as of `at` (schedules and date triggers count from activation). */
async function liveFrom(database: Database, fixture: string, at: string): Promise<string> {
  const { id } = await createWorkflow(database.db, {
    name: fixture,
    graph: templateById(fixture)!.graph,
  });
  const { version } = await publishWorkflow(database.db, { id, note: "test" });
  await activateWorkflow(database.db, { id, version, at: new Date(at) });
  return id;
}

const mailsOf = async (database: Database, pid: string) =>
  (await database.db.select().from(outbox).where(eq(outbox.partnerId, pid))).map(
    (o) => (o.payload as { subject?: string }).subject,
  );
const tasksOf = async (database: Database, pid: string) =>
  (await database.db.select().from(tasks).where(eq(tasks.partnerId, pid))).map((t) => [
    t.assigneeUserId ?? t.team,
    t.title,
  ]);

describeEachBackend("scenarios 1, 7, 8, 12 live (onboarding, compliance, licenses, MDF)", (get) => {
  it("scenario 1: welcome email, onboarding training, round-robin manager of the region; after 7 days a reminder and a task only if not completed", async () => {
    const database = get();
    await seedUsers(database, [
      { id: "am-apac-1", role: "account_manager", region: "APAC" },
      { id: "am-apac-2", role: "account_manager", region: "APAC" },
      { id: "am-na-1", role: "account_manager", region: "NA" },
    ]);
    const welcome = await liveWorkflow(database, "welcome-partner");
    const a = partnerCreated({ region: "APAC", name: "Alpha" }, "2026-03-02T09:00:00Z");
    const b = partnerCreated({ region: "APAC", name: "Beta" }, "2026-03-02T09:00:00Z");
    await ingest(database, a, b);
    await settleAt(database, "2026-03-02T09:00:01Z");
    const managers = await database.db.select().from(partners);
    const amOf = (pid: string) => managers.find((p) => p.id === pid)?.accountManagerId;
    expect([amOf(a.partnerId!), amOf(b.partnerId!)].sort()).toEqual(["am-apac-1", "am-apac-2"]);
    expect(await mailsOf(database, a.partnerId!)).toEqual(["Welcome to the program, Alpha"]);
    const trainings = await database.db
      .select()
      .from(schema.trainings)
      .where(eq(schema.trainings.partnerId, b.partnerId!));
    expect(trainings.map((t) => t.course)).toEqual(["Onboarding"]);

    // Beta completes the training; Alpha does not.
    await ingest(
      database,
      ev("training.completed", b.partnerId, "2026-03-05T09:00:00Z", {
        trainingId: trainings[0]!.id,
        course: "Onboarding",
      }),
    );
    await settleAt(database, "2026-03-09T08:59:00Z");
    expect(await tasksOf(database, a.partnerId!)).toEqual([]);
    await settleAt(database, "2026-03-09T09:00:01Z");
    expect(await mailsOf(database, a.partnerId!)).toEqual([
      "Welcome to the program, Alpha",
      "Reminder: finish your onboarding training",
    ]);
    expect(await tasksOf(database, a.partnerId!)).toEqual([
      [amOf(a.partnerId!), "Help Alpha finish onboarding"],
    ]);
    expect(await mailsOf(database, b.partnerId!)).toHaveLength(1);
    expect(await tasksOf(database, b.partnerId!)).toEqual([]);
    // Later tests create partners of their own without this workflow's emails.
    await deactivateWorkflow(database.db, { id: welcome });
  });

  it("scenario 7: long-valid insurance is approved, other documents get a review task; the Monday sweep flags and emails partners missing a required document", async () => {
    const database = get();
    await liveFrom(database, "compliance-document-review", "2026-02-01T00:00:00Z");
    const sweep = await liveFrom(database, "compliance-weekly-sweep", "2026-02-14T00:00:00Z");
    const ok = partnerCreated({ name: "Okay" });
    const bad = partnerCreated({ name: "Lacking" });
    const o = ok.partnerId!;
    const doc = (pid: string, id: string, kind: string, validUntil: string) =>
      ev("document.submitted", pid, "2026-02-10T10:00:00Z", { documentId: id, kind, validUntil });
    await ingest(
      database,
      ok,
      bad,
      doc(o, `ins-${o}`, "insurance_certificate", "2026-12-31"),
      doc(o, `agr-${o}`, "partner_agreement", "2027-12-31"),
      doc(bad.partnerId!, `ins-${bad.partnerId}`, "insurance_certificate", "2026-05-01"),
    );
    await settleAt(database, "2026-02-10T10:00:01Z");
    const statusOf = async (id: string) =>
      (await database.db.select().from(documents).where(eq(documents.id, id)))[0]?.status;
    expect(await statusOf(`ins-${o}`)).toBe("approved");
    expect(await statusOf(`agr-${o}`)).toBe("submitted");
    expect(await statusOf(`ins-${bad.partnerId}`)).toBe("submitted");
    expect(await tasksOf(database, bad.partnerId!)).toEqual([
      ["compliance", "Review insurance_certificate from Lacking"],
    ]);
    // The compliance team approves Okay's agreement by hand.
    await ingest(
      database,
      ev("document.status_changed", o, "2026-02-11T10:00:00Z", {
        documentId: `agr-${o}`,
        to: "approved",
      }),
    );
    await settleAt(database, "2026-02-16T08:59:59Z");
    expect(await mailsOf(database, bad.partnerId!)).toEqual([]);
    await settleAt(database, "2026-02-16T09:00:01Z");
    const flags = await database.db.select().from(partners);
    const compliant = (pid: string) => flags.find((p) => p.id === pid)?.compliant;
    expect(compliant(o)).toBe(true);
    expect(compliant(bad.partnerId!)).toBe(false);
    expect(await mailsOf(database, bad.partnerId!)).toEqual([
      "Action needed: compliance documents",
    ]);
    expect(await mailsOf(database, o)).toEqual([]);
    // The next test's clock runs months ahead: stop the weekly emails.
    await deactivateWorkflow(database.db, { id: sweep });
  });

  it("scenario 8: 30 days before expiry a reminder, 7 days before a task, on the day (not renewed) notifications", async () => {
    const database = get();
    await seedUsers(database, [{ id: "am-lic", role: "account_manager", region: "EMEA" }]);
    await liveFrom(database, "license-renewal", "2026-02-01T00:00:00Z");
    const lapsed = partnerCreated({ name: "Lapsed", accountManagerId: "am-lic" });
    const renews = partnerCreated({ name: "Renews", accountManagerId: "am-lic" });
    const l = lapsed.partnerId!;
    const r = renews.partnerId!;
    const license = (pid: string) =>
      ev("license.issued", pid, "2026-02-02T10:00:00Z", {
        licenseId: `lic-${pid}`,
        product: "Suite",
        expiresAt: "2026-04-30",
      });
    await ingest(database, lapsed, renews, license(l), license(r));
    await settleAt(database, "2026-03-31T08:59:00Z");
    expect(await mailsOf(database, l)).toEqual([]);
    await settleAt(database, "2026-03-31T09:00:01Z");
    expect(await mailsOf(database, l)).toEqual(["Your Suite license expires soon"]);
    await settleAt(database, "2026-04-23T09:00:01Z");
    expect(await tasksOf(database, l)).toEqual([
      ["am-lic", "License Suite of Lapsed expires in 7 days"],
    ]);
    await ingest(
      database,
      ev("license.renewed", r, "2026-04-25T10:00:00Z", {
        licenseId: `lic-${r}`,
        expiresAt: "2027-04-30",
      }),
    );
    await settleAt(database, "2026-04-30T09:00:01Z");
    const notesOf = async (pid: string) =>
      (await database.db.select().from(notifications).where(eq(notifications.partnerId, pid)))
        .map((n) => [n.recipientUserId, n.body])
        .sort();
    expect(await notesOf(l)).toEqual([
      [null, "Your Suite license expired today."],
      ["am-lic", "Lapsed's Suite license expired today."],
    ]);
    expect(await notesOf(r)).toEqual([]);
  });

  it("scenario 12: the 10th won deal of a Gold partner's half-year allocates $5,000 MDF pending approval; approval emails, rejection notifies the channel team", async () => {
    const database = get();
    await liveWorkflow(database, "co-marketing-fund");
    const gold = partnerCreated({ tier: "Gold", name: "Goldie" });
    const plat = partnerCreated({ tier: "Platinum", name: "Plato" });
    const reg = partnerCreated({ tier: "Registered", name: "Reggie" });
    await ingest(database, gold, plat, reg);
    const wins = (pid: string, n: number) =>
      Array.from({ length: n }, (_, i) => [
        ev("deal.registered", pid, "2026-03-01T10:00:00Z", {
          dealId: `d${i}-${pid}`,
          customer: `C${i}`,
          amount: { amount: "1000.00", currency: "USD" },
          productLine: "core",
        }),
        ev("deal.status_changed", pid, "2026-03-01T11:00:00Z", {
          dealId: `d${i}-${pid}`,
          to: "approved",
        }),
        ev("deal.status_changed", pid, `2026-03-${String(i + 2).padStart(2, "0")}T10:00:00Z`, {
          dealId: `d${i}-${pid}`,
          to: "won",
        }),
      ]).flat();
    await ingest(database, ...wins(gold.partnerId!, 9), ...wins(reg.partnerId!, 11));
    await settleAt(database, "2026-03-20T10:00:00Z");
    expect(await database.db.select().from(approvals)).toEqual([]);
    await ingest(database, ...wins(plat.partnerId!, 11));
    await ingest(
      database,
      ...wins(gold.partnerId!, 11).slice(27), // the 10th and 11th deals
    );
    await settleAt(database, "2026-03-21T10:00:00Z");
    const pending = await database.db
      .select()
      .from(approvals)
      .where(eq(approvals.status, "pending"));
    expect(pending.map((a) => a.title).sort()).toEqual([
      "MDF $5,000 for Goldie",
      "MDF $5,000 for Plato",
    ]);
    for (const pid of [gold.partnerId!, plat.partnerId!]) {
      const ledger = await database.db
        .select()
        .from(rewardLedger)
        .where(eq(rewardLedger.partnerId, pid));
      expect(ledger.map((x) => [x.kind, x.amountMinor, x.currency, x.status])).toEqual([
        ["mdf", 500000, "USD", "pending"],
      ]);
    }
    const clock = () => new Date("2026-03-22T10:00:00Z");
    const byPartner = (pid: string) => pending.find((a) => a.partnerId === pid)!.id;
    await decideApproval(
      { database, clock },
      { id: byPartner(gold.partnerId!), decision: "approve" },
    );
    await decideApproval(
      { database, clock },
      { id: byPartner(plat.partnerId!), decision: "reject", comment: "budget spent" },
    );
    await settleAt(database, "2026-03-22T10:00:01Z");
    expect(await mailsOf(database, gold.partnerId!)).toEqual([
      "Your co-marketing fund is approved",
    ]);
    expect(await mailsOf(database, plat.partnerId!)).toEqual([]);
    const [rejected] = await database.db
      .select()
      .from(approvals)
      .where(and(eq(approvals.partnerId, plat.partnerId!), eq(approvals.status, "rejected")));
    expect(rejected?.comment).toBe("budget spent");
    const notes = await database.db
      .select()
      .from(notifications)
      .where(eq(notifications.partnerId, plat.partnerId!));
    expect(notes.map((n) => n.body)).toEqual([
      "MDF for Plato was rejected; the reason is recorded on the approval.",
    ]);
  });
});
