import { z } from "zod";
import { Operand } from "../../conditions/schema.ts";
import { describeLiteral, describeOperand } from "../../conditions/render.ts";
import { literalSchema } from "../../conditions/typing.ts";
import { normalizeValue } from "../../conditions/compile.ts";
import { localProblem, zodProblems, type LocalProblem } from "../../compiler/problems.ts";
import { GraphId } from "../../graph/document.ts";
import { defineNode, IN } from "../define.ts";

const Case = z.strictObject({
  id: GraphId,
  label: z.string().min(1).max(80),
  /** mode "value": the case matches when the operand equals `value`. */
  value: z.unknown().optional(),
  /** mode "ranges": min inclusive (cases are tried in order; first match wins). */
  min: z.unknown().optional(),
  /** mode "ranges": max exclusive. */
  max: z.unknown().optional(),
});

/** Branches by a value or by ranges of a number/money/date; dynamic ports from the cases. */
export const logicSwitch = defineNode({
  type: "logic.switch",
  version: 1,
  family: "logic",
  label: "Switch",
  icon: "split",
  description: "Branches by a value or by ranges (first matching case wins; otherwise “default”).",
  config: z
    .strictObject({
      operand: Operand,
      mode: z.enum(["value", "ranges"]),
      cases: z.array(Case).min(1).max(30),
    })
    .superRefine((c, ctx) => {
      const seen = new Set<string>();
      c.cases.forEach((k, i) => {
        if (seen.has(k.id) || k.id === "default")
          ctx.addIssue({
            code: "custom",
            path: ["cases", i, "id"],
            message: `case id ${JSON.stringify(k.id)} is used twice or reserved`,
          });
        seen.add(k.id);
      });
    }),
  defaults: {
    operand: { source: "partner", field: "tier" },
    mode: "value",
    cases: [{ id: "gold", label: "Gold", value: "Gold" }],
  },
  inputs: IN,
  outputs: (c) => [
    ...c.cases.map((k) => ({ id: k.id, label: k.label })),
    { id: "default", label: "Otherwise" },
  ],
  summary: (c) =>
    `Switch on ${describeOperand(c.operand, {}).toLowerCase()}: ${c.cases
      .map(
        (k) =>
          (c.mode === "value"
            ? `${describeLiteral(k.value)}`
            : `${k.min !== undefined ? `≥ ${describeLiteral(k.min)}` : ""}${k.min !== undefined && k.max !== undefined ? " and " : ""}${k.max !== undefined ? `< ${describeLiteral(k.max)}` : ""}`) +
          ` → ${k.label}`,
      )
      .join("; ")}`,
  check: (c, env) => {
    const meta = env.checkOperand(c.operand);
    if (typeof meta === "string")
      return [
        localProblem(
          c.operand.source === "metric" ? "unknown_metric" : "unknown_field",
          ["operand"],
          meta,
        ),
      ];
    const out: LocalProblem[] = [];
    const schema = literalSchema(meta);
    c.cases.forEach((k, i) => {
      const keys = c.mode === "value" ? (["value"] as const) : (["min", "max"] as const);
      if (c.mode === "ranges" && !["number", "money", "date"].includes(meta.type))
        out.push(
          localProblem(
            "type_mismatch",
            ["mode"],
            `ranges need a number, money or date, not ${meta.type}`,
          ),
        );
      if (c.mode === "ranges" && k.min === undefined && k.max === undefined)
        out.push(localProblem("invalid_config", ["cases", i], "give a minimum, a maximum or both"));
      for (const key of keys) {
        if (k[key] === undefined) {
          if (c.mode === "value")
            out.push(localProblem("invalid_config", ["cases", i, key], "a value is required"));
          continue;
        }
        const r = schema.safeParse(k[key]);
        if (!r.success)
          out.push(
            ...zodProblems(
              r.error,
              ["cases", i, key],
              meta.type === "money" ? "missing_currency" : "type_mismatch",
            ),
          );
      }
    });
    return out;
  },
  execute: async (ctx) => {
    const raw = await ctx.operand(ctx.config.operand);
    const meta = {
      type:
        typeof raw === "object" && raw !== null
          ? "money"
          : typeof raw === "string" && !Number.isNaN(Date.parse(raw)) && /\d{4}-/.test(raw)
            ? "date"
            : "other",
    } as const;
    const norm = (x: unknown, currency?: string) =>
      meta.type === "other"
        ? x
        : normalizeValue(x, { type: meta.type, label: "" }, currency as never);
    for (const k of ctx.config.cases) {
      if (ctx.config.mode === "value") {
        if (raw === k.value)
          return { port: k.id, why: `${describeLiteral(raw)} is ${describeLiteral(k.value)}` };
        continue;
      }
      const cur = (k.min ?? k.max) as { currency?: string } | undefined;
      const v = norm(raw, cur?.currency) as number;
      const lo = k.min === undefined ? -Infinity : (norm(k.min, cur?.currency) as number);
      const hi = k.max === undefined ? Infinity : (norm(k.max, cur?.currency) as number);
      if (typeof v === "number" && v >= lo && v < hi)
        return { port: k.id, why: `${describeLiteral(raw)} falls in “${k.label}”` };
    }
    return { port: "default", why: `${describeLiteral(raw)} matches no case` };
  },
});
