import { EVENT_TYPES, isEventType } from "@partnerflow/domain";
import { formatPayloadMoney, humanize } from "../../shared/format.ts";

/** Run statuses as the API stores them, in the order the filter lists them. */
export const RUN_STATUSES = [
  "queued",
  "running",
  "parked",
  "completed",
  "failed",
  "dead",
  "cancelled",
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

const STATUS_LABELS: Readonly<Record<RunStatus, string>> = {
  queued: "Queued",
  running: "Running",
  parked: "Waiting",
  completed: "Completed",
  failed: "Failed",
  dead: "Dead (gave up)",
  cancelled: "Cancelled",
};

export function isRunStatus(value: unknown): value is RunStatus {
  return typeof value === "string" && (RUN_STATUSES as readonly string[]).includes(value);
}

/** Approval and message statuses that read badly as plain words. */
const OTHER_LABELS: Readonly<Record<string, string>> = {
  delivered_local: "Kept (no SMTP)",
  timed_out: "Timed out",
};

/**
 * "parked" reads as "Waiting": users think of a run waiting on a timer or a person. Approval
 * and outbox statuses go through here too, so every pill on these pages reads the same way.
 */
export function runStatusLabel(status: string): string {
  return isRunStatus(status) ? STATUS_LABELS[status] : (OTHER_LABELS[status] ?? humanize(status));
}

/** Retry is offered for runs that ended in error; cancel for runs that have not ended. */
export function canRetry(status: string): boolean {
  return status === "failed" || status === "dead";
}
export function canCancel(status: string): boolean {
  return status === "queued" || status === "running" || status === "parked";
}

/** "850 ms", "12 s", "4 min 5 s", "3 h 10 min", "2 d 4 h"; a dash without a start. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** How long a run took, or has taken so far (`now`) when it has not finished. */
export function runDuration(
  createdAt: string,
  finishedAt: string | null,
  now: Date = new Date(),
): number | null {
  const start = Date.parse(createdAt);
  if (Number.isNaN(start)) return null;
  const end = finishedAt ? Date.parse(finishedAt) : now.getTime();
  return Number.isNaN(end) ? null : end - start;
}

/** What started a run, as words: the event's catalog label, else the trigger key's kind. */
export function triggerLabel(triggerEvent: string | null, triggerKey: string): string {
  if (triggerEvent)
    return isEventType(triggerEvent) ? EVENT_TYPES[triggerEvent].label : triggerEvent;
  const [kind, detail] = triggerKey.split(":");
  switch (kind) {
    case "change":
      return "Record change";
    case "date":
      return detail ? `Date (${detail})` : "Date";
    case "schedule":
    case "cron":
      return "Schedule";
    case "threshold":
      return "Threshold";
    case "manual":
      return "Manual";
    default:
      return triggerKey;
  }
}

/** A value a step saw, as text: money as money, lists and records as compact JSON. */
export function formatTraceValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const money = formatPayloadMoney(value);
  if (money) return money;
  return JSON.stringify(value);
}

/** Date inputs ("2026-03-04") to the API's instants: From is the day's start, To its end. */
export function dayToIso(day: string, edge: "start" | "end"): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const d = new Date(`${day}T${edge === "start" ? "00:00:00.000" : "23:59:59.999"}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export interface SeenClause {
  text: string;
  left: unknown;
  right: unknown;
  result: boolean;
}

/** A condition's explained clauses, when a trace value is one (`inputs.clauses`); else null. */
export function asClauses(value: unknown): SeenClause[] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const ok = value.every(
    (c): c is SeenClause =>
      typeof c === "object" &&
      c !== null &&
      typeof (c as { text?: unknown }).text === "string" &&
      typeof (c as { result?: unknown }).result === "boolean",
  );
  return ok ? value : null;
}
