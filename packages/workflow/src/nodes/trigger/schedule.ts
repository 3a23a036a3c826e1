import { z } from "zod";
import { renderCondition } from "../../conditions/render.ts";
import { localProblem, type LocalProblem } from "../../compiler/problems.ts";
import { defineNode, OUT } from "../define.ts";
import { Condition, CronExpr, TimeZone, cronError, isTimeZone, passThrough } from "./shared.ts";

/** Fires on a cron schedule in a time zone, once per partner of the segment. */
export const triggerSchedule = defineNode({
  type: "trigger.schedule",
  version: 1,
  family: "trigger",
  label: "On a schedule",
  icon: "calendar-clock",
  description: "Starts on a schedule (cron, in a time zone) for every partner in a segment.",
  config: z.strictObject({ cron: CronExpr, timeZone: TimeZone, segment: Condition.optional() }),
  defaults: { cron: "0 9 * * 1", timeZone: "UTC" },
  inputs: [],
  outputs: OUT,
  scope: () => ({ recordEntity: "partner" }),
  summary: (c) =>
    `On schedule “${c.cron}” (${c.timeZone})${c.segment?.children.length ? ` for partners where ${renderCondition(c.segment, {}).replace(/^./, (s) => s.toLowerCase())}` : " for every partner"}`,
  check: (c, env) => {
    const out: LocalProblem[] = [];
    const tzOk = isTimeZone(c.timeZone);
    if (!tzOk)
      out.push(
        localProblem(
          "bad_time_zone",
          ["timeZone"],
          `unknown IANA time zone ${JSON.stringify(c.timeZone)} (e.g. Europe/Berlin)`,
        ),
      );
    const err = cronError(c.cron, tzOk ? c.timeZone : undefined);
    if (err) out.push(localProblem("bad_cron", ["cron"], `invalid cron pattern: ${err}`));
    if (c.segment)
      out.push(
        ...env.checkCondition(c.segment).map((p) => ({ ...p, path: ["segment", ...p.path] })),
      );
    return out;
  },
  execute: passThrough,
});
