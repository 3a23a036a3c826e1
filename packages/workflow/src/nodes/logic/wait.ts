import { z } from "zod";
import { Duration, describeDuration, durationMs, ui, valueOf } from "../../values.ts";
import { defineNode, IN, OUT } from "../define.ts";

const ISO = z.iso.datetime({ offset: true }).or(z.iso.date());

/** Pauses the run for a duration or until a date; resumes on the "out" port. */
export const logicWait = defineNode({
  type: "logic.wait",
  version: 1,
  family: "logic",
  label: "Wait",
  icon: "hourglass",
  description: "Waits for a duration or until a date, then continues.",
  config: z.discriminatedUnion("mode", [
    z.strictObject({ mode: z.literal("duration"), duration: Duration }),
    z.strictObject({
      mode: z.literal("until"),
      date: ui(valueOf(ISO), { widget: "expression", returns: "date" }),
    }),
  ]),
  defaults: { mode: "duration", duration: { amount: 7, unit: "days" } },
  inputs: IN,
  outputs: OUT,
  summary: (c) =>
    c.mode === "duration"
      ? `Wait ${describeDuration(c.duration)}`
      : `Wait until ${c.date.kind === "literal" ? c.date.value : c.date.source}`,
  check: (c, env) =>
    c.mode === "until" && c.date.kind === "expr"
      ? env
          .checkExpr(c.date.source, { type: "date", label: "date" })
          .map((m) => ({ code: "expression_error" as const, path: ["date", "source"], message: m }))
      : [],
  execute: async (ctx) => {
    if (ctx.signal) return { port: "out", why: "the wait is over" };
    let until: number;
    if (ctx.config.mode === "duration") until = ctx.now.getTime() + durationMs(ctx.config.duration);
    else {
      const v = await ctx.value(ctx.config.date, { type: "date", label: "date" });
      until = v instanceof Date ? v.getTime() : Date.parse(String(v));
      if (Number.isNaN(until)) throw new Error(`the wait date ${String(v)} is not a date`);
    }
    if (until <= ctx.now.getTime()) return { port: "out", why: "the date has already passed" };
    const iso = new Date(until).toISOString();
    return { park: { kind: "timer", until: iso }, why: `waiting until ${iso}` };
  },
});
