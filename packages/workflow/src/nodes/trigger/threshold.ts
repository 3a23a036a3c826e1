import { z } from "zod";
import {
  CALENDAR_UNITS,
  METRICS,
  Money,
  MetricRef,
  describeMetric,
  REPORTING_CURRENCY,
} from "@partnerflow/domain";
import { describeLiteral } from "../../conditions/render.ts";
import { renderCondition } from "../../conditions/render.ts";
import { localProblem, type LocalProblem } from "../../compiler/problems.ts";
import { ui } from "../../values.ts";
import { defineNode, OUT } from "../define.ts";
import { Condition, passThrough } from "./shared.ts";

/** Fires the first time a partner's metric reaches the threshold within a calendar period. */
export const triggerThreshold = defineNode({
  type: "trigger.threshold",
  version: 1,
  family: "trigger",
  label: "When a metric crosses a threshold",
  icon: "trending-up",
  description:
    "Starts once per partner per period when a metric reaches a value (e.g. sales this quarter ≥ $100,000).",
  config: z.strictObject({
    metric: ui(MetricRef, { widget: "metric" }),
    threshold: z.union([z.number().finite(), Money]),
    period: z.enum(CALENDAR_UNITS),
    /** Only partners matching this (e.g. tier is Gold or Platinum). */
    partnerFilter: Condition.optional(),
  }),
  defaults: {
    metric: { metric: "sales_amount", window: { kind: "calendar", unit: "quarter" } },
    threshold: { amount: "100000.00", currency: "USD" },
    period: "quarter",
  },
  inputs: [],
  outputs: OUT,
  scope: () => ({ recordEntity: "partner" }),
  summary: (c) =>
    `When ${describeMetric(c.metric)} reaches ${describeLiteral(c.threshold)} (once per partner per ${c.period})${c.partnerFilter?.children.length ? ` for partners where ${renderCondition(c.partnerFilter, {}).replace(/^./, (s) => s.toLowerCase())}` : ""}`,
  check: (c, env) => {
    const out: LocalProblem[] = [];
    const def = METRICS[c.metric.metric];
    const isMoney = typeof c.threshold === "object";
    if (def.type === "money" && !isMoney)
      out.push(
        localProblem(
          "missing_currency",
          ["threshold"],
          `${def.label} is money: give the threshold a currency (${REPORTING_CURRENCY})`,
        ),
      );
    if (def.type === "number" && isMoney)
      out.push(localProblem("type_mismatch", ["threshold"], `${def.label} is a number, not money`));
    if (
      typeof c.threshold === "object" &&
      def.type === "money" &&
      c.threshold.currency !== REPORTING_CURRENCY
    )
      out.push(
        localProblem(
          "currency_mismatch",
          ["threshold", "currency"],
          `money metrics are in ${REPORTING_CURRENCY}`,
        ),
      );
    if (c.partnerFilter)
      out.push(
        ...env
          .checkCondition(c.partnerFilter)
          .map((p) => ({ ...p, path: ["partnerFilter", ...p.path] })),
      );
    return out;
  },
  execute: passThrough,
});
