import {
  CALENDAR_UNITS,
  METRICS,
  METRIC_NAMES,
  PRODUCT_LINES,
  type MetricRef,
} from "@partnerflow/domain";
import { Select, opts } from "./controls.tsx";

type Win = NonNullable<MetricRef["window"]>;

const WINDOW_KINDS = [
  { value: "calendar", label: "This calendar period" },
  { value: "trailing", label: "The last N days" },
  { value: "all", label: "All time" },
];
const UNIT_LABELS: Record<string, string> = {
  month: "Month",
  quarter: "Quarter",
  half: "Half-year",
  year: "Year",
};

/** A metric from the catalog with its window and, where it applies, a product line. */
export function MetricPicker(props: {
  id: string;
  label: string;
  value: unknown;
  onChange: (v: MetricRef) => void;
}) {
  const ref = (
    props.value && typeof props.value === "object" ? props.value : { metric: "sales_amount" }
  ) as MetricRef;
  const def = METRICS[ref.metric] ?? METRICS.sales_amount;
  const win: Win = ref.window ?? { kind: "all" };
  const set = (patch: Partial<MetricRef>) => {
    const next: MetricRef = { ...ref, ...patch };
    const nd = METRICS[next.metric];
    if (!nd.windowed) delete next.window;
    else next.window ??= { kind: "calendar", unit: "quarter" };
    if (!("byProductLine" in nd && nd.byProductLine)) delete next.productLine;
    if (next.productLine === undefined) delete next.productLine;
    props.onChange(next);
  };
  const setWindow = (kind: string) =>
    set({
      window:
        kind === "calendar"
          ? { kind: "calendar", unit: "quarter" }
          : kind === "trailing"
            ? { kind: "trailing", days: 90 }
            : { kind: "all" },
    });
  return (
    <span className="metric-picker">
      <Select
        id={props.id}
        ariaLabel={`${props.label}: metric`}
        value={ref.metric}
        options={METRIC_NAMES.map((m) => ({ value: m, label: METRICS[m].label }))}
        onChange={(m) => set({ metric: m as MetricRef["metric"] })}
      />
      {def.windowed && (
        <>
          <Select
            id={`${props.id}-window`}
            ariaLabel={`${props.label}: period`}
            value={win.kind}
            options={WINDOW_KINDS}
            onChange={setWindow}
          />
          {win.kind === "calendar" && (
            <Select
              id={`${props.id}-unit`}
              ariaLabel={`${props.label}: calendar period`}
              value={win.unit}
              options={opts(CALENDAR_UNITS, (u) => UNIT_LABELS[u] ?? u)}
              onChange={(u) => set({ window: { kind: "calendar", unit: u as "quarter" } })}
            />
          )}
          {win.kind === "trailing" && (
            <input
              type="number"
              min={1}
              aria-label={`${props.label}: days`}
              value={win.days}
              onChange={(e) => set({ window: { kind: "trailing", days: Number(e.target.value) } })}
            />
          )}
        </>
      )}
      {"byProductLine" in def && def.byProductLine && (
        <Select
          id={`${props.id}-product`}
          ariaLabel={`${props.label}: product line`}
          value={ref.productLine}
          placeholder="All product lines"
          options={opts(PRODUCT_LINES)}
          onChange={(p) =>
            set({ productLine: p === "" ? undefined : (p as MetricRef["productLine"]) })
          }
        />
      )}
      <span className="field-help">{def.description}</span>
    </span>
  );
}
