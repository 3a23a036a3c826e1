import { z } from "zod";
import { PRODUCT_LINES } from "./enums.ts";
import type { FieldType } from "./fields.ts";

export const CALENDAR_UNITS = ["month", "quarter", "half", "year"] as const;
export type CalendarUnit = (typeof CALENDAR_UNITS)[number];

/** The time window a metric aggregates over, relative to the instant it is read at (UTC). */
export const MetricWindow = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("calendar"), unit: z.enum(CALENDAR_UNITS) }),
  z.strictObject({ kind: z.literal("trailing"), days: z.number().int().min(1).max(3660) }),
  z.strictObject({ kind: z.literal("all") }),
]);
export type MetricWindow = z.infer<typeof MetricWindow>;

export interface MetricDef {
  readonly label: string;
  readonly description: string;
  /** number or money (money metrics are in the reporting currency). */
  readonly type: Extract<FieldType, "number" | "money">;
  /** Whether the metric takes a window; point-in-time counts do not. */
  readonly windowed: boolean;
  /** Whether a product-line filter applies. */
  readonly byProductLine?: boolean;
}

export const METRICS = {
  sales_amount: {
    label: "Sales",
    description:
      "Sum of recorded sales, converted to the reporting currency at each sale's day rate.",
    type: "money",
    windowed: true,
    byProductLine: true,
  },
  sales_count: {
    label: "Number of sales",
    description: "Count of recorded sales.",
    type: "number",
    windowed: true,
    byProductLine: true,
  },
  deals_won_count: {
    label: "Won deals",
    description: "Deals that moved to won in the window.",
    type: "number",
    windowed: true,
  },
  deals_won_amount: {
    label: "Won deal amount",
    description: "Amount of deals won in the window, in the reporting currency.",
    type: "money",
    windowed: true,
  },
  deals_registered_count: {
    label: "Registered deals",
    description: "Deals registered in the window.",
    type: "number",
    windowed: true,
  },
  certifications_held: {
    label: "Certifications held",
    description: "Certifications earned and not expired at that instant.",
    type: "number",
    windowed: false,
  },
  trainings_completed: {
    label: "Trainings completed",
    description: "Courses completed in the window.",
    type: "number",
    windowed: true,
  },
  csat_average: {
    label: "Average satisfaction",
    description: "Mean satisfaction score (1–5) of responses in the window; 0 when there are none.",
    type: "number",
    windowed: true,
  },
  csat_count: {
    label: "Satisfaction responses",
    description: "Number of satisfaction responses in the window.",
    type: "number",
    windowed: true,
  },
  open_leads: {
    label: "Open leads",
    description: "Leads assigned to the partner and not yet converted, declined or lost.",
    type: "number",
    windowed: false,
  },
} as const satisfies Record<string, MetricDef>;

export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as [MetricName, ...MetricName[]];

/** A reference to one metric value: which metric, over which window, optionally one product line. */
export const MetricRef = z.strictObject({
  metric: z.enum(METRIC_NAMES),
  window: MetricWindow.optional(),
  productLine: z.enum(PRODUCT_LINES).optional(),
});
export type MetricRef = z.infer<typeof MetricRef>;

/** Stable string key of a metric reference: "sales_amount:quarter", "sales_amount:365d:premium". */
export function metricKey(ref: MetricRef): string {
  const w = ref.window;
  const win = !w
    ? ""
    : w.kind === "calendar"
      ? `:${w.unit}`
      : w.kind === "trailing"
        ? `:${w.days}d`
        : ":all";
  return `${ref.metric}${win}${ref.productLine ? `:${ref.productLine}` : ""}`;
}

/** "sales this quarter", "won deals in the last 90 days". */
export function describeMetric(ref: MetricRef): string {
  const def = METRICS[ref.metric];
  const w = ref.window;
  const what = `${def.label.toLowerCase()}${ref.productLine ? ` of ${ref.productLine}` : ""}`;
  if (!def.windowed || !w || w.kind === "all") return what;
  if (w.kind === "trailing") return `${what} in the last ${w.days} days`;
  return `${what} this ${w.unit === "half" ? "half-year" : w.unit}`;
}

const DAY = 86_400_000;

/** Start (inclusive) and end (exclusive) of the window containing `asOf`, in UTC. */
export function windowBounds(window: MetricWindow, asOf: Date): { start: Date; end: Date } {
  if (window.kind === "all") return { start: new Date(0), end: new Date(asOf.getTime() + 1) };
  if (window.kind === "trailing") {
    return {
      start: new Date(asOf.getTime() - window.days * DAY),
      end: new Date(asOf.getTime() + 1),
    };
  }
  const y = asOf.getUTCFullYear();
  const m = asOf.getUTCMonth();
  const months = { month: 1, quarter: 3, half: 6, year: 12 }[window.unit];
  const first = m - (m % months);
  return { start: new Date(Date.UTC(y, first, 1)), end: new Date(Date.UTC(y, first + months, 1)) };
}

/** The calendar period an instant falls in: "2026-11", "2026-Q4", "2026-H2", "2026". */
export function periodKey(unit: CalendarUnit, at: Date): string {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  switch (unit) {
    case "month":
      return `${y}-${String(m + 1).padStart(2, "0")}`;
    case "quarter":
      return `${y}-Q${Math.floor(m / 3) + 1}`;
    case "half":
      return `${y}-H${m < 6 ? 1 : 2}`;
    case "year":
      return `${y}`;
  }
}
