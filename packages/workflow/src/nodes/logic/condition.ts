import { z } from "zod";
import { renderCondition } from "../../conditions/render.ts";
import { defineNode, IN } from "../define.ts";
import { Condition } from "../trigger/shared.ts";

export const logicCondition = defineNode({
  type: "logic.condition",
  version: 1,
  family: "logic",
  label: "If / else",
  icon: "git-branch",
  description: "Continues on “true” when the condition holds, on “false” otherwise.",
  config: z.strictObject({ condition: Condition }),
  defaults: { condition: { kind: "group", combinator: "all", children: [] } },
  inputs: IN,
  outputs: [
    { id: "true", label: "Yes" },
    { id: "false", label: "No" },
  ],
  summary: (c) => `If ${renderCondition(c.condition, {}).replace(/^./, (s) => s.toLowerCase())}`,
  check: (c, env) =>
    env.checkCondition(c.condition).map((p) => ({ ...p, path: ["condition", ...p.path] })),
  execute: async (ctx) => {
    const r = await ctx.condition(ctx.config.condition);
    ctx.see("clauses", r.clauses);
    const failed = r.clauses.filter((c) => !c.result).map((c) => c.text);
    return {
      port: r.result ? "true" : "false",
      why: r.result
        ? "the condition holds"
        : `the condition does not hold${failed.length ? ` (${failed.join("; ")})` : ""}`,
    };
  },
});
