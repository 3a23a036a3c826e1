import { z } from "zod";
import { renderCondition } from "../../conditions/render.ts";
import { defineNode, OUT } from "../define.ts";
import { Condition, EventTypeName, eventLabel, passThrough } from "./shared.ts";
import { recordEntityOf } from "../../conditions/typing.ts";

export const triggerEvent = defineNode({
  type: "trigger.event",
  version: 1,
  family: "trigger",
  label: "When an event happens",
  icon: "zap",
  description: "Starts when a domain event is recorded, optionally only when a filter matches.",
  config: z.strictObject({ eventType: EventTypeName, filter: Condition.optional() }),
  defaults: { eventType: "partner.created" },
  inputs: [],
  outputs: OUT,
  scope: (c) => ({
    eventType: c.eventType,
    recordEntity: recordEntityOf(c.eventType),
  }),
  summary: (c) => {
    const scope = { eventType: c.eventType };
    return `When ${eventLabel(c.eventType)}${c.filter && c.filter.children.length ? ` and ${renderCondition(c.filter, scope).replace(/^./, (s) => s.toLowerCase())}` : ""}`;
  },
  check: (c, env) =>
    c.filter
      ? env.checkCondition(c.filter).map((p) => ({ ...p, path: ["filter", ...p.path] }))
      : [],
  execute: passThrough,
});
