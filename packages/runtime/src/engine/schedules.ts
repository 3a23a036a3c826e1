import { eq, inArray, sql } from "drizzle-orm";
import { schema, queryRows, type Tx } from "@partnerflow/db";
import type { EntityName } from "@partnerflow/domain";
import type { TriggerInput } from "@partnerflow/workflow";
import { DbReads } from "../host/read-host.ts";
import { DryRunHost } from "../host/dry-run-host.ts";
import { newId } from "../ids.ts";
import { nowSql, type RuntimeResources } from "../resources.ts";
import {
  dateRelativeTrigger,
  evaluateFor,
  nextScheduleTimes,
  scheduleSegment,
  startRun,
} from "../workflow-port.ts";
import { loadVersion, type LoadedVersion } from "./versions.ts";

/** At most this many fire times are caught up per pass (a server that was down for a year). */
const MAX_CATCH_UP = 50;

/**
 * Fires schedule and date-relative triggers that came due since each version's cursor, by
 * the database (or injected) clock. Each firing is a run keyed by (fire time, partner) or
 * (record, due instant), unique per version, so two schedulers or a repeated pass never fire
 * twice. Cursor rows are locked with SKIP LOCKED: one scheduler per version at a time.
 */
export async function fireSchedules(r: RuntimeResources): Promise<number> {
  return r.database.db.transaction(async (tx) => {
    const [nowRow] = await queryRows<{ now: Date | string }>(tx, sql`select ${nowSql(r)} as now`);
    const now = new Date(nowRow!.now);
    const timed = await tx
      .select({ versionId: schema.workflowTriggers.versionId, kind: schema.workflowTriggers.kind })
      .from(schema.workflowTriggers)
      .where(inArray(schema.workflowTriggers.kind, ["schedule", "date_relative"]));
    if (timed.length === 0) return 0;
    const cursors = await tx
      .select()
      .from(schema.scheduleCursors)
      .where(
        inArray(
          schema.scheduleCursors.versionId,
          timed.map((t) => t.versionId),
        ),
      )
      .for("update", { skipLocked: true });
    let fired = 0;
    for (const c of cursors) {
      if (c.lastFireAt >= now) continue;
      const kind = timed.find((t) => t.versionId === c.versionId)?.kind;
      const v = await loadVersion(tx, c.versionId);
      let advanceTo = now;
      if (kind === "schedule") {
        const times = nextScheduleTimes(v.ir, c.lastFireAt, MAX_CATCH_UP).filter((t) => t <= now);
        for (const at of times) fired += await fireSchedule(tx, r, v, at);
        if (times.length === MAX_CATCH_UP) advanceTo = times[times.length - 1]!;
      } else {
        fired += await fireDateRelative(tx, r, v, c.lastFireAt, now);
      }
      await tx
        .update(schema.scheduleCursors)
        .set({ lastFireAt: advanceTo })
        .where(eq(schema.scheduleCursors.versionId, c.versionId));
    }
    return fired;
  });
}

async function fireSchedule(
  tx: Tx,
  r: RuntimeResources,
  v: LoadedVersion,
  at: Date,
): Promise<number> {
  const segment = scheduleSegment(v.ir);
  const partners = await tx
    .select({ id: schema.partners.id })
    .from(schema.partners)
    .orderBy(schema.partners.id);
  const host = new DryRunHost(tx, at);
  let n = 0;
  for (const p of partners) {
    if (segment?.children.length) {
      const ok = await evaluateFor(segment, { recordEntity: "partner" }, host, {
        partnerId: p.id,
        at,
      });
      if (!ok) continue;
    }
    n += await insertTimedRun(tx, r, v, {
      key: `schedule:${at.toISOString()}:${p.id}`,
      partnerId: p.id,
      at: at.toISOString(),
    });
  }
  return n;
}

async function fireDateRelative(
  tx: Tx,
  r: RuntimeResources,
  v: LoadedVersion,
  after: Date,
  now: Date,
): Promise<number> {
  const entity = (v.ir.nodes[v.ir.trigger]?.config as { entity?: EntityName }).entity;
  if (!entity) return 0;
  const reads = new DbReads(tx);
  const partners = await tx.select({ id: schema.partners.id }).from(schema.partners);
  let n = 0;
  for (const p of partners) {
    for (const rec of await reads.records(entity, p.id)) {
      const id = typeof rec.id === "string" ? rec.id : null;
      if (!id) continue;
      const trigger = dateRelativeTrigger(v.ir, { ...rec, id, partnerId: p.id });
      if (!trigger) continue;
      const due = new Date(trigger.at);
      if (due > after && due <= now) n += await insertTimedRun(tx, r, v, trigger);
    }
  }
  return n;
}

async function insertTimedRun(
  tx: Tx,
  r: RuntimeResources,
  v: LoadedVersion,
  trigger: TriggerInput,
): Promise<number> {
  const id = newId("run");
  const inserted = await tx
    .insert(schema.runs)
    .values({
      id,
      workflowId: v.workflowId,
      versionId: v.id,
      version: v.version,
      triggerKey: trigger.key,
      partnerId: trigger.partnerId,
      status: "queued",
      state: startRun(v.ir, trigger, { runId: id, workflowHash: v.hash }),
      orderSeq: Date.parse(trigger.at),
      updatedAt: nowSql(r),
    })
    .onConflictDoNothing({ target: [schema.runs.versionId, schema.runs.triggerKey] })
    .returning({ id: schema.runs.id });
  return inserted.length;
}
