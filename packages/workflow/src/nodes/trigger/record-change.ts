import { z } from "zod";
import { renderCondition } from "../../conditions/render.ts";
import { defineNode, OUT } from "../define.ts";
import { Condition, passThrough } from "./shared.ts";

/** Salesforce's "only when a record is updated to meet the condition": fires on false → true. */
export const triggerRecordChange = defineNode({
  type: "trigger.record_change",
  version: 1,
  family: "trigger",
  label: "When a partner starts to meet a condition",
  icon: "toggle-right",
  description:
    "Starts only when a partner's data changes from not meeting the condition to meeting it.",
  config: z.strictObject({ condition: Condition }),
  defaults: { condition: { kind: "group", combinator: "all", children: [] } },
  inputs: [],
  outputs: OUT,
  scope: () => ({ recordEntity: "partner" }),
  summary: (c) =>
    `When a partner changes to meet: ${renderCondition(c.condition, { recordEntity: "partner" }).replace(/^./, (s) => s.toLowerCase())}`,
  check: (c, env) =>
    env.checkCondition(c.condition).map((p) => ({ ...p, path: ["condition", ...p.path] })),
  execute: passThrough,
});
