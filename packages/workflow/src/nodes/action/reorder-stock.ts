import { z } from "zod";
import { Operand } from "../../conditions/schema.ts";
import { localProblem, type LocalProblem } from "../../compiler/problems.ts";
import { defineNode, IN } from "../define.ts";
import { requirePartner } from "./shared.ts";

/** Quantity to order: (target − current) rounded up to whole cases; 0 when at or above target. */
export function reorderQuantity(target: number, current: number, caseSize: number): number {
  const missing = target - current;
  if (missing <= 0 || caseSize <= 0) return 0;
  return Math.ceil(missing / caseSize) * caseSize;
}

export const actionReorderStock = defineNode({
  type: "action.reorder_stock",
  version: 1,
  family: "action",
  label: "Reorder stock",
  icon: "package",
  description:
    "Creates a replenishment order for target − current level, rounded up to the case size.",
  config: z.strictObject({ sku: Operand, current: Operand, target: Operand, caseSize: Operand }),
  defaults: {
    sku: { source: "event", field: "sku" },
    current: { source: "event", field: "level" },
    target: { source: "event", field: "targetLevel" },
    caseSize: { source: "event", field: "caseSize" },
  },
  inputs: IN,
  outputs: [
    { id: "out", label: "Ordered" },
    { id: "none", label: "Nothing to order" },
  ],
  summary: () => "Reorder (target − current level), rounded up to the case size",
  check: (c, env) => {
    const out: LocalProblem[] = [];
    for (const key of ["current", "target", "caseSize", "sku"] as const) {
      const meta = env.checkOperand(c[key]);
      const want = key === "sku" ? "text" : "number";
      if (typeof meta === "string") out.push(localProblem("unknown_field", [key], meta));
      else if (meta.type !== want)
        out.push(
          localProblem("type_mismatch", [key], `${meta.label} is ${meta.type}, not ${want}`),
        );
    }
    return out;
  },
  execute: async (ctx) => {
    const partnerId = requirePartner(ctx.partnerId, "Reordering stock");
    const [sku, current, target, caseSize] = await Promise.all([
      ctx.operand(ctx.config.sku),
      ctx.operand(ctx.config.current),
      ctx.operand(ctx.config.target),
      ctx.operand(ctx.config.caseSize),
    ]);
    const quantity = reorderQuantity(Number(target), Number(current), Number(caseSize));
    if (!Number.isFinite(quantity) || quantity <= 0)
      return {
        port: "none",
        why: `level ${String(current)} is at or above target ${String(target)}`,
      };
    await ctx.effect({ kind: "reorder", partnerId, sku: String(sku), quantity });
    return {
      port: "out",
      why: `ordered ${quantity} of ${String(sku)} (${String(target)} − ${String(current)}, cases of ${String(caseSize)})`,
      outputs: { quantity },
    };
  },
});
