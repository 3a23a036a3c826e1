import {
  ENTITIES,
  EVENT_TYPES,
  METRICS,
  REPORTING_CURRENCY,
  type EventType,
  type FieldMeta,
  type MetricRef,
} from "@partnerflow/domain";
import { T, type ExprType } from "./types.ts";

/**
 * What names an expression may use and their types. Built by the caller (the compiler
 * builds one per trigger from the data catalog via `catalogTypeEnv`).
 */
export interface TypeEnv {
  /** The type of a dotted path such as ["partner", "tier"], or undefined when unknown. */
  resolve(path: readonly string[]): ExprType | undefined;
  /** Every addressable path, dotted ("partner.name"), for suggestions and autocomplete. */
  paths(): readonly string[];
  /** The type of a metric reference; undefined when the metric does not exist. */
  metric?(ref: MetricRef): ExprType | undefined;
}

/** Catalog field metadata → expression type. Event money has no static currency. */
export function fieldType(meta: FieldMeta): ExprType {
  switch (meta.type) {
    case "text":
      return T.text;
    case "enum":
      return T.enum(meta.options ?? [], meta.ordered ?? false);
    case "number":
      return T.number;
    case "money":
      return T.money();
    case "date":
      return T.date;
    case "boolean":
      return T.boolean;
  }
}

/** A type environment over a fixed map of dotted paths. */
export function mapTypeEnv(
  entries: Readonly<Record<string, ExprType>>,
  metric?: (ref: MetricRef) => ExprType | undefined,
): TypeEnv {
  const map = new Map(Object.entries(entries));
  const paths = [...map.keys()].sort();
  return {
    resolve: (path) => map.get(path.join(".")),
    paths: () => paths,
    ...(metric ? { metric } : {}),
  };
}

/** Metric types from the catalog; money metrics are in the reporting currency. */
export function catalogMetricType(ref: MetricRef): ExprType | undefined {
  if (!Object.hasOwn(METRICS, ref.metric)) return undefined;
  const def = METRICS[ref.metric];
  return def.type === "money" ? T.money(REPORTING_CURRENCY) : T.number;
}

/**
 * The environment for a workflow: `partner.*` from the partner entity, `event.*` from the
 * trigger event's payload fields, metrics from the catalog, plus `extra` dotted paths
 * (e.g. `{ "vars.bonus": T.number }` for values a workflow computed earlier).
 */
export function catalogTypeEnv(
  opts: {
    eventType?: EventType;
    extra?: Readonly<Record<string, ExprType>>;
  } = {},
): TypeEnv {
  const entries: Record<string, ExprType> = {};
  for (const [name, meta] of Object.entries(ENTITIES.partner.fields)) {
    entries[`partner.${name}`] = fieldType(meta);
  }
  if (opts.eventType) {
    const fields = EVENT_TYPES[opts.eventType].payload.fields as Readonly<
      Record<string, FieldMeta>
    >;
    for (const [name, meta] of Object.entries(fields)) entries[`event.${name}`] = fieldType(meta);
  }
  Object.assign(entries, opts.extra ?? {});
  return mapTypeEnv(entries, catalogMetricType);
}

/**
 * Edit distance counting a swap of neighbours as one edit ("mni" → "min"), bounded:
 * returns `max + 1` as soon as every path exceeds it.
 */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const prev = rows[i - 1]!;
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, rows[i - 2]![j - 2]! + 1);
      }
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    rows.push(cur);
  }
  return rows[a.length]![b.length]!;
}

/** The closest candidate to a misspelt name, if one is close enough to be a likely typo. */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const max = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestD = max + 1;
  for (const c of candidates) {
    const d = distance(lower, c.toLowerCase(), max);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}
