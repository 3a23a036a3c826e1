import { z } from "zod";
import type { CurrencyCode } from "@partnerflow/domain";
import { Operand } from "../../conditions/schema.ts";
import { describeLiteral, describeOperand } from "../../conditions/render.ts";
import { literalSchema } from "../../conditions/typing.ts";
import { asMoneyLike, convertToMinor, dateMs, moneyToMinor } from "../../conditions/normalize.ts";
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
    // The operand's type comes from the catalog (what the compiler checked the cases against),
    // never from the shape of the value at run time.
    const meta = ctx.operandMeta(ctx.config.operand);
    if (typeof meta === "string") throw new Error(meta);
    const raw = await ctx.operand(ctx.config.operand);
    // Comparable form: money as minor units of the case's currency (converted exactly), dates as ms.
    const comparable = async (x: unknown, currency?: CurrencyCode): Promise<unknown> => {
      if (meta.type === "date") return dateMs(x);
      if (meta.type !== "money") return x;
      const m = asMoneyLike(x);
      if (!m) return null;
      const want = currency ?? m.currency;
      return m.currency === want
        ? moneyToMinor(m, want)
        : convertToMinor(m, want, await ctx.host.exchangeRate(m.currency, want, ctx.now));
    };
    for (const k of ctx.config.cases) {
      if (ctx.config.mode === "value") {
        const want = meta.type === "money" ? asMoneyLike(k.value)?.currency : undefined;
        const [v, c] = [await comparable(raw, want), await comparable(k.value, want)];
        if (v !== null && v === c)
          return { port: k.id, why: `${describeLiteral(raw)} is ${describeLiteral(k.value)}` };
        continue;
      }
      const currency = asMoneyLike(k.min ?? k.max)?.currency;
      const v = await comparable(raw, currency);
      const lo = k.min === undefined ? -Infinity : await comparable(k.min, currency);
      const hi = k.max === undefined ? Infinity : await comparable(k.max, currency);
      if (
        typeof v === "number" &&
        typeof lo === "number" &&
        typeof hi === "number" &&
        v >= lo &&
        v < hi
      )
        return { port: k.id, why: `${describeLiteral(raw)} falls in “${k.label}”` };
    }
    return { port: "default", why: `${describeLiteral(raw)} matches no case` };
  },
});
