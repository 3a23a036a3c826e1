import { z } from "zod";
import Decimal from "decimal.js";
import {
  CALENDAR_UNITS,
  CURRENCY_EXPONENTS,
  CurrencyCode,
  Money,
  REWARD_KINDS,
  formatMoney,
  periodKey,
  toMinor,
  type CurrencyCode as Currency,
} from "@partnerflow/domain";
import { Operand } from "../../conditions/schema.ts";
import { describeOperand } from "../../conditions/render.ts";
import { localProblem, type LocalProblem } from "../../compiler/problems.ts";
import { ExprSource, ui } from "../../values.ts";
import { defineNode, IN, type ExecContext } from "../define.ts";
import { Template, checkTemplates, requirePartner } from "./shared.ts";

const MoneyField = ui(Money, { widget: "money" });

const Amount = z.discriminatedUnion("mode", [
  z.strictObject({ mode: z.literal("fixed"), money: MoneyField }),
  z.strictObject({
    mode: z.literal("percent"),
    percent: z.number().positive().max(100),
    /** A money field (the sale amount, the deal amount); the reward is in its currency. */
    of: Operand,
  }),
  z.strictObject({
    mode: z.literal("formula"),
    source: ui(ExprSource, { widget: "expression", returns: "money" }),
  }),
  z.strictObject({
    mode: z.literal("points"),
    points: z.number().int().positive().max(10_000_000),
  }),
]);

const config = z.strictObject({
  rewardKind: z.enum(REWARD_KINDS),
  amount: Amount,
  /** Total per partner per period, across currencies (converted at the day's rate). */
  cap: z.strictObject({ amount: MoneyField, period: z.enum(CALENDAR_UNITS) }).optional(),
  /** Issue at most once per partner per period. */
  oncePer: z.enum(CALENDAR_UNITS).optional(),
  /** Rewards above this need approval: they are recorded as pending. */
  approvalAbove: MoneyField.optional(),
  status: z.enum(["approved", "pending"]),
  reason: Template(500),
});
type Config = z.infer<typeof config>;

const fmt = (d: Decimal, c: Currency) =>
  formatMoney(toMinor({ amount: d.toFixed(CURRENCY_EXPONENTS[c]), currency: c }), c);

function describeAmount(a: Config["amount"]): string {
  switch (a.mode) {
    case "fixed":
      return formatMoney(toMinor(a.money), a.money.currency);
    case "percent":
      return `${a.percent}% of ${describeOperand(a.of, {}).toLowerCase()}`;
    case "formula":
      return `(${a.source})`;
    case "points":
      return `${a.points.toLocaleString("en-US")} points`;
  }
}

/** Reads money from an expression result or a field (domain money or expression money). */
function asMoney(v: unknown): { amount: Decimal; currency: Currency } | null {
  if (typeof v !== "object" || v === null) return null;
  const o = v as { amount?: unknown; amountMinor?: unknown; currency?: unknown };
  const cur = CurrencyCode.safeParse(o.currency);
  if (!cur.success) return null;
  if (typeof o.amount === "string") return { amount: new Decimal(o.amount), currency: cur.data };
  if (typeof o.amountMinor === "number")
    return {
      amount: new Decimal(o.amountMinor).div(10 ** CURRENCY_EXPONENTS[cur.data]),
      currency: cur.data,
    };
  return null;
}

async function computeAmount(
  ctx: ExecContext<Config>,
): Promise<{ amount: Decimal; currency: Currency } | null> {
  const a = ctx.config.amount;
  if (a.mode === "fixed")
    return { amount: new Decimal(a.money.amount), currency: a.money.currency };
  if (a.mode === "percent") {
    const base = asMoney(await ctx.operand(a.of));
    ctx.see("base", base && { amount: base.amount.toString(), currency: base.currency });
    if (!base)
      throw new Error(`${describeOperand(a.of, {})} has no amount to take ${a.percent}% of`);
    const exp = CURRENCY_EXPONENTS[base.currency];
    return {
      amount: base.amount.mul(a.percent).div(100).toDecimalPlaces(exp, Decimal.ROUND_HALF_UP),
      currency: base.currency,
    };
  }
  if (a.mode === "formula") {
    const m = asMoney(
      await ctx.value({ kind: "expr", source: a.source }, { type: "money", label: "amount" }),
    );
    if (!m) throw new Error(`the formula ${a.source} did not produce money`);
    return {
      amount: m.amount.toDecimalPlaces(CURRENCY_EXPONENTS[m.currency], Decimal.ROUND_HALF_UP),
      currency: m.currency,
    };
  }
  return null;
}

export const actionIssueReward = defineNode({
  type: "action.issue_reward",
  version: 1,
  family: "action",
  label: "Issue reward",
  icon: "gift",
  description:
    "Records a bonus, commission, rebate, MDF or points in the ledger, with caps and approval limits.",
  config,
  defaults: {
    rewardKind: "cash_bonus",
    amount: { mode: "fixed", money: { amount: "100.00", currency: "USD" } },
    status: "approved",
    reason: "",
  },
  inputs: IN,
  outputs: [
    { id: "out", label: "Issued" },
    { id: "skipped", label: "Skipped (cap or once per period)" },
  ],
  summary: (c) =>
    `Issue ${describeAmount(c.amount)} as ${c.rewardKind.replace("_", " ")}${c.cap ? `, capped at ${formatMoney(toMinor(c.cap.amount), c.cap.amount.currency)} per ${c.cap.period}` : ""}${c.oncePer ? `, once per ${c.oncePer}` : ""}${c.approvalAbove ? `, approval above ${formatMoney(toMinor(c.approvalAbove), c.approvalAbove.currency)}` : ""}`,
  check: (c, env) => {
    const out: LocalProblem[] = checkTemplates(env, { reason: c.reason });
    if (c.amount.mode === "points" && c.rewardKind !== "points")
      out.push(
        localProblem(
          "type_mismatch",
          ["rewardKind"],
          "points rewards must use the reward kind “points”",
        ),
      );
    if (c.amount.mode !== "points" && c.rewardKind === "points")
      out.push(
        localProblem("type_mismatch", ["amount"], "a points reward needs a number of points"),
      );
    if (c.amount.mode === "percent") {
      const meta = env.checkOperand(c.amount.of);
      if (typeof meta === "string") out.push(localProblem("unknown_field", ["amount", "of"], meta));
      else if (meta.type !== "money")
        out.push(
          localProblem(
            "type_mismatch",
            ["amount", "of"],
            `${meta.label} is ${meta.type}, not money`,
          ),
        );
    }
    if (c.amount.mode === "formula")
      out.push(
        ...env
          .checkExpr(c.amount.source, { type: "money", label: "amount" })
          .map((m) => localProblem("expression_error", ["amount", "source"], m)),
      );
    if (c.cap && c.amount.mode === "points")
      out.push(localProblem("type_mismatch", ["cap"], "caps apply to money rewards"));
    return out;
  },
  execute: async (ctx) => {
    const c = ctx.config;
    const partnerId = requirePartner(ctx.partnerId, "Issuing a reward");
    if (c.oncePer) {
      const key = `once:${ctx.nodeId}:${partnerId}:${periodKey(c.oncePer, ctx.now)}`;
      const first = await ctx.host.claimOnce(key);
      ctx.see("oncePer", { key, first });
      if (!first) return { port: "skipped", why: `already issued this ${c.oncePer}` };
    }
    const reason = await ctx.template(c.reason);
    const money = await computeAmount(ctx);
    if (!money) {
      const points = c.amount.mode === "points" ? c.amount.points : 0;
      await ctx.effect({
        kind: "ledger_entry",
        partnerId,
        rewardKind: c.rewardKind,
        points,
        status: c.status,
        reason,
      });
      return { port: "out", why: `issued ${points} points`, outputs: { points } };
    }
    let { amount } = money;
    const { currency } = money;
    const exp = CURRENCY_EXPONENTS[currency];
    let cap: { key: string; usage: string; currency: Currency } | undefined;
    let pk: string | undefined = c.oncePer ? periodKey(c.oncePer, ctx.now) : undefined;
    if (c.cap) {
      pk = periodKey(c.cap.period, ctx.now);
      const capCur = c.cap.amount.currency;
      const rate = new Decimal(
        currency === capCur ? "1" : await ctx.host.exchangeRate(currency, capCur, ctx.now),
      );
      const key = `cap:${ctx.nodeId}:${partnerId}:${pk}`;
      const used = new Decimal(await ctx.host.capUsage(key));
      const remaining = new Decimal(c.cap.amount.amount).minus(used);
      let converted = amount
        .mul(rate)
        .toDecimalPlaces(CURRENCY_EXPONENTS[capCur], Decimal.ROUND_HALF_UP);
      ctx.see("cap", {
        key,
        used: used.toString(),
        remaining: remaining.toString(),
        rate: rate.toString(),
        converted: converted.toString(),
      });
      if (remaining.lte(0))
        return {
          port: "skipped",
          why: `the ${fmt(new Decimal(c.cap.amount.amount), capCur)} cap for ${pk} is used up`,
        };
      if (converted.gt(remaining)) {
        amount = remaining.div(rate).toDecimalPlaces(exp, Decimal.ROUND_DOWN);
        converted = remaining;
      }
      cap = { key, usage: converted.toFixed(CURRENCY_EXPONENTS[capCur]), currency: capCur };
    }
    if (amount.lte(0)) return { port: "skipped", why: "the reward amount is zero" };
    let status = c.status;
    if (c.approvalAbove) {
      const limCur = c.approvalAbove.currency;
      const rate = new Decimal(
        currency === limCur ? "1" : await ctx.host.exchangeRate(currency, limCur, ctx.now),
      );
      if (amount.mul(rate).gt(c.approvalAbove.amount)) status = "pending";
    }
    const m = { amount: amount.toFixed(exp), currency };
    await ctx.effect({
      kind: "ledger_entry",
      partnerId,
      rewardKind: c.rewardKind,
      amount: m,
      status,
      reason,
      ...(pk ? { periodKey: pk } : {}),
      ...(cap ? { cap } : {}),
    });
    return {
      port: "out",
      why: `issued ${fmt(amount, currency)} (${status})`,
      outputs: { amount: m, status },
    };
  },
});
