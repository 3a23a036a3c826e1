import { z } from "zod";
import {
  ENTITIES,
  EVENT_TYPES,
  METRICS,
  Money,
  eventFields,
  type EntityName,
  type EventType,
  type FieldMeta,
  type FieldType,
} from "@partnerflow/domain";
import type { Operand, Operator } from "./schema.ts";

/** What a condition (or expression) can see: the trigger's event type and record entity. */
export interface CatalogScope {
  readonly eventType?: EventType | undefined;
  readonly recordEntity?: EntityName | undefined;
}

/** The catalog entity an event type's record lookups go to (deal events → deal). */
export function recordEntityOf(eventType: EventType): EntityName {
  return EVENT_TYPES[eventType].entity;
}

/** Field metadata of an operand, or an error message. */
export function operandMeta(op: Operand, scope: CatalogScope): FieldMeta | string {
  switch (op.source) {
    case "event": {
      if (!scope.eventType) return "this workflow's trigger has no event to read fields from";
      const meta = eventFields(scope.eventType)[op.field];
      return meta ?? `event ${scope.eventType} has no field ${JSON.stringify(op.field)}`;
    }
    case "partner": {
      const meta = (ENTITIES.partner.fields as Record<string, FieldMeta>)[op.field];
      return meta ?? `partners have no field ${JSON.stringify(op.field)}`;
    }
    case "record": {
      if (!scope.recordEntity) return "this workflow's trigger is not about a record";
      const fields = ENTITIES[scope.recordEntity].fields as Record<string, FieldMeta>;
      return fields[op.field] ?? `${scope.recordEntity} has no field ${JSON.stringify(op.field)}`;
    }
    case "metric": {
      const def = METRICS[op.metric.metric];
      return { type: def.type, label: def.label };
    }
    case "fact":
      return { type: "boolean", label: op.fact };
  }
}

const ORDERED: readonly Operator[] = ["lt", "lte", "gt", "gte", "between"];
const COMMON: readonly Operator[] = ["eq", "neq", "is_empty", "not_empty", "changed", "changed_to"];

const OPERATORS_BY_TYPE: Record<FieldType, readonly Operator[]> = {
  text: [...COMMON, "in", "not_in", "contains"],
  enum: [...COMMON, "in", "not_in"],
  number: [...COMMON, ...ORDERED, "crossed"],
  money: [...COMMON, ...ORDERED, "crossed"],
  date: [...COMMON, ...ORDERED, "days_ahead_gt", "days_ahead_lt"],
  boolean: ["eq", "neq", "changed", "changed_to"],
};
const ORDERED_ENUM: readonly Operator[] = [...OPERATORS_BY_TYPE.enum, "below", "above"];

/** The operators a field type offers in the condition builder (static tables: called per clause). */
export function operatorsFor(meta: FieldMeta): readonly Operator[] {
  return meta.type === "enum" && meta.ordered ? ORDERED_ENUM : OPERATORS_BY_TYPE[meta.type];
}

const ISO = z.iso.datetime({ offset: true }).or(z.iso.date());

/** The zod schema a literal compared with a field of this type must satisfy. */
export function literalSchema(meta: FieldMeta): z.ZodType {
  switch (meta.type) {
    case "text":
      return z.string().max(500);
    case "enum":
      return z.enum((meta.options ?? []) as [string, ...string[]], {
        error: `must be one of ${(meta.options ?? []).join(", ")}`,
      });
    case "number":
      return z.number().finite();
    case "money":
      return Money;
    case "date":
      return ISO;
    case "boolean":
      return z.boolean();
  }
}

const rightCache = new Map<string, z.ZodType | null>();
// Catalog option lists are long-lived arrays: join each once, not once per clause.
const joinedOptions = new WeakMap<readonly string[], string>();
function optionsKey(options: readonly string[]): string {
  let k = joinedOptions.get(options);
  if (k === undefined) {
    k = JSON.stringify(options);
    joinedOptions.set(options, k);
  }
  return k;
}

/** What the right-hand side of an operator must be, given the left field (schemas are cached: building zod schemas is costly). */
export function rightSchema(op: Operator, meta: FieldMeta): z.ZodType | null {
  const key =
    meta.type === "enum" ? `${op}|enum|${optionsKey(meta.options ?? [])}` : `${op}|${meta.type}`;
  let s = rightCache.get(key);
  if (s === undefined) {
    s = buildRightSchema(op, meta);
    rightCache.set(key, s);
  }
  return s;
}

function buildRightSchema(op: Operator, meta: FieldMeta): z.ZodType | null {
  const one = literalSchema(meta);
  switch (op) {
    case "is_empty":
    case "not_empty":
    case "changed":
      return null;
    case "in":
    case "not_in":
      return z.array(one).min(1, "pick at least one value").max(100);
    case "between":
      return z.tuple([one, one]);
    case "days_ahead_gt":
    case "days_ahead_lt":
      return z.number().int().min(0).max(36_500);
    case "contains":
      return z.string().min(1).max(500);
    default:
      return one;
  }
}
