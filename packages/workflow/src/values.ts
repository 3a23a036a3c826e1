import { z } from "zod";

/** Tagged config values: a literal typed by the field, or an expression in the safe language. */
export const ExprSource = z.string().min(1, "expression must not be empty").max(2_000);

export function valueOf<S extends z.ZodType>(literal: S) {
  return z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("literal"), value: literal }),
    z.strictObject({ kind: z.literal("expr"), source: ExprSource }),
  ]);
}
export type Value<T> = { kind: "literal"; value: T } | { kind: "expr"; source: string };

export const lit = <T>(value: T): { kind: "literal"; value: T } => ({ kind: "literal", value });
export const expr = (source: string): { kind: "expr"; source: string } => ({
  kind: "expr",
  source,
});

/**
 * UI hints the canvas reads to pick a form widget (zod `.meta({ ui })`, also carried into
 * the JSON Schema). They never change validation.
 */
export type UiHint =
  | { widget: "event-type" }
  | { widget: "entity-field"; entity: string }
  | { widget: "event-field" }
  | { widget: "metric" }
  | { widget: "enum"; options: readonly string[] }
  | { widget: "money" }
  | { widget: "duration" }
  | { widget: "cron" }
  | { widget: "timezone" }
  | { widget: "condition" }
  | { widget: "expression"; returns?: string }
  | { widget: "template" }
  | { widget: "multiline" }
  | { widget: "segment" };

export function ui<S extends z.ZodType>(schema: S, hint: UiHint): S {
  return schema.meta({ ui: hint });
}

/** Reads the UI hint attached to a schema, if any. */
export function uiHint(schema: z.ZodType): UiHint | undefined {
  const meta = z.globalRegistry.get(schema) as { ui?: UiHint } | undefined;
  return meta?.ui;
}

export const DURATION_UNITS = ["minutes", "hours", "days", "weeks"] as const;
export const Duration = ui(
  z.strictObject({
    amount: z.number().int().min(1).max(10_000),
    unit: z.enum(DURATION_UNITS),
  }),
  { widget: "duration" },
);
export type Duration = z.infer<typeof Duration>;

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 };
export const durationMs = (d: Duration): number => d.amount * UNIT_MS[d.unit];
export const describeDuration = (d: Duration): string =>
  `${d.amount} ${d.amount === 1 ? d.unit.slice(0, -1) : d.unit}`;
