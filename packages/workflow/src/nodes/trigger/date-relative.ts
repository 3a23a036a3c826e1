import { z } from "zod";
import { ENTITIES, type FieldMeta } from "@partnerflow/domain";
import { localProblem, type LocalProblem } from "../../compiler/problems.ts";
import { defineNode, OUT } from "../define.ts";
import { TimeZone, isTimeZone, passThrough } from "./shared.ts";

export const DATE_ENTITIES = ["license", "certification", "training", "document", "deal"] as const;

/** Fires N days before or after a date field of a record (license expiry, certification expiry…). */
export const triggerDateRelative = defineNode({
  type: "trigger.date_relative",
  version: 1,
  family: "trigger",
  label: "Days before or after a date",
  icon: "calendar-days",
  description:
    "Starts N days before or after a date on a record, e.g. 30 days before a license expires.",
  config: z.strictObject({
    entity: z.enum(DATE_ENTITIES),
    field: z.string().min(1).max(60),
    /** Negative: before the date; positive: after; 0: on the day. */
    offsetDays: z.number().int().min(-3650).max(3650),
    /** Local time of day the trigger fires at, "HH:MM". */
    atTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "use HH:MM (24-hour)"),
    timeZone: TimeZone,
  }),
  defaults: {
    entity: "license",
    field: "expiresAt",
    offsetDays: -30,
    atTime: "09:00",
    timeZone: "UTC",
  },
  inputs: [],
  outputs: OUT,
  scope: (c) => ({ recordEntity: c.entity }),
  summary: (c) => {
    const label = (
      (ENTITIES[c.entity].fields as Record<string, FieldMeta>)[c.field]?.label ?? c.field
    ).toLowerCase();
    const when =
      c.offsetDays === 0
        ? "On the day"
        : `${Math.abs(c.offsetDays)} day${Math.abs(c.offsetDays) === 1 ? "" : "s"} ${c.offsetDays < 0 ? "before" : "after"}`;
    return `${when} a ${ENTITIES[c.entity].label.toLowerCase()}'s ${label}, at ${c.atTime} ${c.timeZone}`;
  },
  check: (c) => {
    const out: LocalProblem[] = [];
    const meta = (ENTITIES[c.entity].fields as Record<string, FieldMeta>)[c.field];
    if (!meta)
      out.push(
        localProblem(
          "unknown_field",
          ["field"],
          `${c.entity} has no field ${JSON.stringify(c.field)}`,
        ),
      );
    else if (meta.type !== "date")
      out.push(
        localProblem("type_mismatch", ["field"], `${meta.label} is ${meta.type}, not a date`),
      );
    if (!isTimeZone(c.timeZone))
      out.push(
        localProblem(
          "bad_time_zone",
          ["timeZone"],
          `unknown IANA time zone ${JSON.stringify(c.timeZone)}`,
        ),
      );
    return out;
  },
  execute: passThrough,
});
