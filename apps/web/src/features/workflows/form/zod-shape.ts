import { z } from "zod";
import { uiHint, type UiHint } from "../lib/workflow-lib.ts";

/**
 * Reading a node's zod config schema to build its form. Wrappers (optional, default, pipe,
 * nullable) are peeled off; the UI hint may sit on any layer, so it is looked up on each.
 */
export interface Peeled {
  schema: z.ZodType;
  optional: boolean;
  hint: UiHint | undefined;
  defaultValue?: unknown;
}

export function peel(schema: z.ZodType): Peeled {
  let s = schema;
  let optional = false;
  let hint = uiHint(s);
  let defaultValue: unknown;
  for (let i = 0; i < 10; i++) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) {
      optional = true;
      s = s.unwrap() as z.ZodType;
    } else if (s instanceof z.ZodDefault) {
      defaultValue = s.def.defaultValue;
      s = s.unwrap() as z.ZodType;
    } else if (s instanceof z.ZodPipe) {
      s = s.in as z.ZodType;
    } else break;
    hint ??= uiHint(s);
  }
  // Domain money ({ amount, currency }) gets the money widget even where no hint was attached.
  if (!hint && s instanceof z.ZodObject) {
    const keys = Object.keys(s.shape).sort().join(",");
    if (keys === "amount,currency") hint = { widget: "money" };
  }
  return { schema: s, optional, hint, defaultValue };
}

/** The discriminator key of a discriminated union, if it is one. */
export function discriminatorOf(s: z.ZodType): string | undefined {
  if (!(s instanceof z.ZodUnion)) return undefined;
  const d = (s.def as { discriminator?: unknown }).discriminator;
  return typeof d === "string" ? d : undefined;
}

/** The literal value of a union option's discriminator field. */
export function optionTag(option: z.ZodType, key: string): string | undefined {
  if (!(option instanceof z.ZodObject)) return undefined;
  const field = (option.shape as Record<string, z.ZodType>)[key];
  if (field instanceof z.ZodLiteral) return String(field.value);
  return undefined;
}

/** A starting value that satisfies the shape (used when switching a mode or adding an item). */
export function defaultFor(schema: z.ZodType): unknown {
  const { schema: s, hint, defaultValue } = peel(schema);
  if (defaultValue !== undefined) return structuredClone(defaultValue);
  if (hint?.widget === "money") return { amount: "0", currency: "USD" };
  if (hint?.widget === "condition" || hint?.widget === "segment")
    return { kind: "group", combinator: "all", children: [] };
  if (hint?.widget === "duration") return { amount: 1, unit: "days" };
  if (hint?.widget === "metric")
    return { metric: "sales_amount", window: { kind: "calendar", unit: "quarter" } };
  if (s instanceof z.ZodObject) {
    const out: Record<string, unknown> = {};
    const shape: Record<string, z.ZodType> = s.shape;
    for (const [k, v] of Object.entries(shape)) {
      const p = peel(v);
      if (!p.optional) out[k] = defaultFor(v);
    }
    return out;
  }
  if (s instanceof z.ZodUnion) return defaultFor(s.options[0] as z.ZodType);
  if (s instanceof z.ZodEnum) return s.options[0];
  if (s instanceof z.ZodLiteral) return s.value;
  if (s instanceof z.ZodNumber) return 0;
  if (s instanceof z.ZodBoolean) return false;
  if (s instanceof z.ZodArray) return [];
  if (s instanceof z.ZodString) return "";
  return undefined;
}

/** A scalar as text for an input; objects as JSON. */
export function asText(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

/** "partnerFilter" → "Partner filter". */
export function labelFor(key: string | number): string {
  const s = String(key)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[_.]/g, " ")
    .toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The DOM id of the control for a config path: problems focus it. */
export function fieldId(nodeId: string, path: readonly (string | number)[]): string {
  return `f-${nodeId}-${path.join("-") || "root"}`;
}
