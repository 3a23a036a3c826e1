import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { schema } from "@partnerflow/db";
import { describeEachBackend } from "@partnerflow/db/testing";
import { templateById } from "@partnerflow/workflow/fixtures";
import { activateWorkflow, createWorkflow, publishWorkflow } from "../index.ts";
import { runUntilIdle } from "../runtime.ts";
import { partnerCreated, record, sale } from "../../test/helpers.ts";

describeEachBackend("schedules", (get) => {
  it("dynamic tiers fire at 06:00 Berlin on the 1st across the DST change and the quarter boundary, once per partner", async () => {
    const database = get();
    const a = partnerCreated({}, "2025-06-01T10:00:00Z");
    const b = partnerCreated({ status: "suspended" }, "2025-06-01T10:00:00Z");
    await record(database, [
      a,
      b,
      sale(a.partnerId!, "300000.00", "2026-01-10T10:00:00Z", `big-${a.partnerId}`),
    ]);
    const { id } = await createWorkflow(database.db, {
      name: "tiers",
      graph: templateById("dynamic-tiers")!.graph,
    });
    const { version } = await publishWorkflow(database.db, { id, note: "v1" });
    await activateWorkflow(database.db, { id, version, at: new Date("2026-02-15T00:00:00Z") });
    const at = (iso: string) => ({ database, clock: () => new Date(iso) });

    // 1 March, 06:00 CET = 05:00Z (winter time).
    await runUntilIdle(at("2026-03-01T04:59:59Z"));
    expect(
      await database.db.select().from(schema.runs).where(eq(schema.runs.workflowId, id)),
    ).toHaveLength(0);
    await runUntilIdle(at("2026-03-01T05:00:00Z"));
    await runUntilIdle(at("2026-03-01T05:00:30Z"));
    let runs = await database.db.select().from(schema.runs).where(eq(schema.runs.workflowId, id));
    expect(runs.map((r) => [r.triggerKey, r.status])).toEqual([
      [`schedule:2026-03-01T05:00:00.000Z:${a.partnerId}`, "completed"],
    ]);
    const [p] = await database.db
      .select()
      .from(schema.partners)
      .where(eq(schema.partners.id, a.partnerId!));
    expect(p?.tier).toBe("Gold");

    // Clocks went forward on 29 March: 1 April 06:00 CEST = 04:00Z, and a new quarter began.
    await runUntilIdle(at("2026-04-01T03:59:59Z"));
    await runUntilIdle(at("2026-04-01T04:00:00Z"));
    await runUntilIdle(at("2026-04-01T04:00:00Z"));
    runs = await database.db.select().from(schema.runs).where(eq(schema.runs.workflowId, id));
    expect(runs.map((r) => r.triggerKey).sort()).toEqual([
      `schedule:2026-03-01T05:00:00.000Z:${a.partnerId}`,
      `schedule:2026-04-01T04:00:00.000Z:${a.partnerId}`,
    ]);
    // The tier changed the first time (notified) and not the second time (no notification).
    const stepsOf = async (key: string) => {
      const run = runs.find((r) => r.triggerKey.startsWith(key))!;
      const steps = await database.db
        .select()
        .from(schema.runSteps)
        .where(eq(schema.runSteps.runId, run.id));
      return steps.map((st) => st.nodeId);
    };
    expect(await stepsOf("schedule:2026-03-01")).toEqual([
      "trigger",
      "by-sales",
      "set-gold",
      "notify-gold",
    ]);
    expect(await stepsOf("schedule:2026-04-01")).toEqual(["trigger", "by-sales", "set-gold"]);
  });
});
