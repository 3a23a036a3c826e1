import { z } from "zod";
import { Cron } from "croner";
import { EVENT_TYPE_NAMES, EVENT_TYPES, isEventType } from "@partnerflow/domain";
import { ConditionTree } from "../../conditions/schema.ts";
import { ui } from "../../values.ts";
import type { Outcome } from "../define.ts";

export const EventTypeName = ui(
  z.string().refine(isEventType, {
    message: `unknown event type; known types: ${EVENT_TYPE_NAMES.join(", ")}`,
  }),
  { widget: "event-type" },
);
export const Condition = ui(ConditionTree, { widget: "condition" });
export const TimeZone = ui(z.string().min(1).max(64), { widget: "timezone" });
export const CronExpr = ui(z.string().min(1).max(120), { widget: "cron" });

/** Whether Intl knows an IANA time zone name. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Validates a cron pattern with croner; undefined when fine, the reason otherwise. */
export function cronError(pattern: string, timeZone?: string): string | undefined {
  try {
    new Cron(pattern, { paused: true, ...(timeZone ? { timezone: timeZone } : {}) });
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export const eventLabel = (t: string): string =>
  isEventType(t) ? EVENT_TYPES[t].label.toLowerCase() : JSON.stringify(t);

/** Triggers do their work when matching (see triggers/match.ts); as a step they just continue. */
export const passThrough = (): Outcome => ({ port: "out", why: "trigger matched" });
