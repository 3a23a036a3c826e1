import {
  describeMetric,
  METRICS,
  metricKey,
  REPORTING_CURRENCY,
  type MetricRef,
} from "@partnerflow/domain";
import { metricsFromSql } from "@partnerflow/service";
import type { Context } from "../context.ts";
import { moneyOut, type MoneyOut } from "../money.ts";

/** The key figures the partner page shows, read through the same metric definitions workflows use. */
export const PARTNER_PAGE_METRICS: readonly MetricRef[] = [
  { metric: "sales_amount", window: { kind: "calendar", unit: "quarter" } },
  { metric: "sales_amount", window: { kind: "trailing", days: 365 } },
  { metric: "deals_won_count", window: { kind: "calendar", unit: "quarter" } },
  { metric: "certifications_held" },
  { metric: "csat_average", window: { kind: "calendar", unit: "quarter" } },
  { metric: "open_leads" },
];

export interface MetricOut {
  key: string;
  label: string;
  type: "number" | "money";
  value: number;
  /** Money metrics are in the reporting currency's minor units. */
  money: MoneyOut | null;
}

/** Evaluates the partner page's metrics as of the context's clock. */
export async function partnerMetrics(ctx: Context, partnerId: string): Promise<MetricOut[]> {
  const values = await metricsFromSql(ctx.db, partnerId, PARTNER_PAGE_METRICS, ctx.now());
  return PARTNER_PAGE_METRICS.map((ref) => {
    const key = metricKey(ref);
    const value = values[key] ?? 0;
    const type = METRICS[ref.metric].type;
    return {
      key,
      label: describeMetric(ref),
      type,
      value,
      money: type === "money" ? moneyOut(Math.round(value), REPORTING_CURRENCY) : null,
    };
  });
}
