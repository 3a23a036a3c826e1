import { Cron } from "croner";
import {
  CURRENCY_EXPONENTS,
  METRICS,
  periodKey,
  type CalendarUnit,
  type MetricRef,
  type Money,
} from "@partnerflow/domain";
import type { IrNode, WorkflowIr } from "../compiler/ir.ts";
import type { ConditionTree } from "../conditions/schema.ts";
import type { CatalogScope } from "../conditions/typing.ts";
import { parseMinor } from "../conditions/normalize.ts";
import { makeContext } from "../interpreter/context.ts";
import type { WorkflowHost } from "../interpreter/host.ts";
import type { RunState, TriggerInput } from "../interpreter/run-state.ts";
import { irScope } from "../interpreter/interpreter.ts";
import { recordEntityOf } from "../conditions/typing.ts";
import { isEventType } from "@partnerflow/domain";

/**
 * Pure trigger matching for the runtime's dispatcher and the simulator: does this trigger
 * start a run for this event / change / tick, and with which unique trigger key.
 */

/** Evaluates a rule tree for a partner (and optionally an event) through the host. */
export async function evaluateFor(
  tree: ConditionTree,
  scope: CatalogScope,
  host: WorkflowHost,
  opts: {
    partnerId: string | null;
    at: Date;
    event?: { type: string; payload: Record<string, unknown> };
  },
): Promise<boolean> {
  const state: RunState = {
    runId: "match",
    workflowHash: "",
    status: "running",
    cursor: null,
    trigger: {
      key: "match",
      partnerId: opts.partnerId,
      at: opts.at.toISOString(),
      ...(opts.event ? { event: opts.event } : {}),
    },
    outputs: {},
    visits: {},
    steps: 0,
    parked: null,
    signal: null,
    error: null,
  };
  const ctx = makeContext(
    { state, host, nodeId: "match", config: {}, scope, now: opts.at, signal: null },
    {},
    [],
  );
  return (await ctx.condition(tree)).result;
}

const triggerNode = (ir: WorkflowIr): IrNode => ir.nodes[ir.trigger]!;

/** An event trigger matches on the type and its filter. Returns the run's trigger input or null. */
export async function matchEvent(
  ir: WorkflowIr,
  event: {
    seq: number;
    type: string;
    partnerId: string | null;
    occurredAt: Date;
    payload: Record<string, unknown>;
  },
  host: WorkflowHost,
): Promise<TriggerInput | null> {
  const t = triggerNode(ir);
  if (t.type !== "trigger.event") return null;
  const c = t.config as { eventType: string; filter?: ConditionTree };
  if (c.eventType !== event.type || !isEventType(event.type)) return null;
  const ev = { type: event.type, payload: event.payload };
  if (c.filter && c.filter.children.length) {
    const scope = { eventType: event.type, recordEntity: recordEntityOf(event.type) };
    if (
      !(await evaluateFor(c.filter, scope, host, {
        partnerId: event.partnerId,
        at: event.occurredAt,
        event: ev,
      }))
    )
      return null;
  }
  return {
    key: `event:${event.seq}`,
    partnerId: event.partnerId,
    at: event.occurredAt.toISOString(),
    event: { ...ev, seq: event.seq },
  };
}

/**
 * Record change "only when it changes to meet the condition": fires when the condition was
 * false on the partner state before the change and is true after. `before`/`after` are hosts
 * answering as of the two states (the simulator and runtime both have them).
 */
export async function matchRecordChange(
  ir: WorkflowIr,
  change: { partnerId: string; at: Date; seq: number },
  before: WorkflowHost,
  after: WorkflowHost,
): Promise<TriggerInput | null> {
  const t = triggerNode(ir);
  if (t.type !== "trigger.record_change") return null;
  const tree = (t.config as { condition: ConditionTree }).condition;
  const scope = irScope(ir);
  const was = await evaluateFor(tree, scope, before, {
    partnerId: change.partnerId,
    at: change.at,
  });
  if (was) return null;
  const is = await evaluateFor(tree, scope, after, { partnerId: change.partnerId, at: change.at });
  return is
    ? {
        key: `change:${change.partnerId}:${change.seq}`,
        partnerId: change.partnerId,
        at: change.at.toISOString(),
      }
    : null;
}

const numeric = (v: number | Money | null): number | null =>
  v === null
    ? null
    : typeof v === "number"
      ? v
      : parseMinor(v.amount, CURRENCY_EXPONENTS[v.currency]);

/**
 * Threshold crossing, once per partner per period: fires when the metric value reaches the
 * threshold and the host's once-memory has not seen (partner, period) yet.
 */
export async function matchThreshold(
  trigger: IrNode,
  reading: { partnerId: string; value: number | Money; at: Date },
  host: WorkflowHost,
): Promise<TriggerInput | null> {
  if (trigger.type !== "trigger.threshold") return null;
  const c = trigger.config as {
    metric: MetricRef;
    threshold: number | Money;
    period: CalendarUnit;
    partnerFilter?: ConditionTree;
  };
  const value = numeric(reading.value);
  const limit = numeric(c.threshold);
  if (value === null || limit === null || value < limit) return null;
  if (
    c.partnerFilter?.children.length &&
    !(await evaluateFor(c.partnerFilter, { recordEntity: "partner" }, host, {
      partnerId: reading.partnerId,
      at: reading.at,
    }))
  )
    return null;
  const pk = periodKey(c.period, reading.at);
  const key = `threshold:${reading.partnerId}:${pk}`;
  if (!(await host.claimOnce(key))) return null;
  return {
    key,
    partnerId: reading.partnerId,
    at: reading.at.toISOString(),
    threshold: { value: reading.value, periodKey: pk },
  };
}

/** The metric a threshold trigger watches (the runtime re-reads it after relevant events). */
export function thresholdMetric(
  ir: WorkflowIr,
): { ref: MetricRef; type: "number" | "money" } | null {
  const t = triggerNode(ir);
  if (t.type !== "trigger.threshold") return null;
  const ref = (t.config as { metric: MetricRef }).metric;
  return { ref, type: METRICS[ref.metric].type };
}

/** The next `count` fire instants of a schedule trigger after `after` (DST-correct, in its zone). */
export function nextScheduleTimes(ir: WorkflowIr, after: Date, count = 1): Date[] {
  const t = triggerNode(ir);
  if (t.type !== "trigger.schedule") return [];
  const c = t.config as { cron: string; timeZone: string };
  const cron = new Cron(c.cron, { paused: true, timezone: c.timeZone });
  const out: Date[] = [];
  let from = after;
  for (let i = 0; i < count; i++) {
    const n = cron.nextRun(from);
    if (!n) break;
    out.push(n);
    from = n;
  }
  return out;
}

/** The schedule trigger's segment filter, for selecting partners at a tick. */
export function scheduleSegment(ir: WorkflowIr): ConditionTree | null {
  const t = triggerNode(ir);
  if (t.type !== "trigger.schedule" && t.type !== "trigger.manual") return null;
  return (t.config as { segment?: ConditionTree }).segment ?? null;
}

/**
 * The instant a date-relative trigger is due for a record: the record's date shifted by
 * offsetDays, at the configured local time in the configured zone. Null when the field is empty.
 */
export function dateRelativeDue(ir: WorkflowIr, record: Record<string, unknown>): Date | null {
  const t = triggerNode(ir);
  if (t.type !== "trigger.date_relative") return null;
  const c = t.config as { field: string; offsetDays: number; atTime: string; timeZone: string };
  const raw = record[c.field];
  if (typeof raw !== "string") return null;
  const base = new Date(Date.parse(raw.length === 10 ? `${raw}T00:00:00Z` : raw));
  if (Number.isNaN(base.getTime())) return null;
  const local = new Date(base.getTime() + c.offsetDays * 86_400_000);
  const ymd = local.toISOString().slice(0, 10);
  return zonedToUtc(ymd, c.atTime, c.timeZone);
}

/** Wall-clock date + time in an IANA zone → the UTC instant (two-pass offset, DST-safe). */
export function zonedToUtc(ymd: string, hm: string, timeZone: string): Date {
  const guess = Date.parse(`${ymd}T${hm}:00Z`);
  const offset = (at: number) => {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }).formatToParts(new Date(at));
    const get = (k: string) => Number(parts.find((p) => p.type === k)?.value);
    return (
      Date.UTC(
        get("year"),
        get("month") - 1,
        get("day"),
        get("hour"),
        get("minute"),
        get("second"),
      ) - at
    );
  };
  const first = guess - offset(guess);
  return new Date(guess - offset(first));
}

/** A date-relative trigger's run input for one record. */
export function dateRelativeTrigger(
  ir: WorkflowIr,
  record: { id: string; partnerId: string | null } & Record<string, unknown>,
): TriggerInput | null {
  const due = dateRelativeDue(ir, record);
  const entity = (triggerNode(ir).config as { entity?: string }).entity;
  if (!due || !entity) return null;
  return {
    key: `date:${entity}:${record.id}:${due.toISOString()}`,
    partnerId: record.partnerId,
    at: due.toISOString(),
    record: { entity, id: record.id },
  };
}
