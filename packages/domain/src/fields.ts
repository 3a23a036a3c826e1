import { z } from "zod";
import { NonNegativeMoney, Money } from "./money.ts";

/** The field types the catalog, the condition builder and the expression type-checker share. */
export const FIELD_TYPES = ["text", "enum", "number", "money", "date", "boolean"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export type EntityName =
  | "partner"
  | "contact"
  | "user"
  | "deal"
  | "lead"
  | "sale"
  | "training"
  | "certification"
  | "document"
  | "license"
  | "inventory"
  | "csat"
  | "reward"
  | "task";

/** Metadata the canvas builds pickers from and the compiler type-checks against. */
export interface FieldMeta {
  readonly type: FieldType;
  readonly label: string;
  readonly options?: readonly string[];
  /** The entity an id field points at. */
  readonly ref?: EntityName;
  readonly optional?: boolean;
  /** enum options are ordered (tiers): "below"/"above" comparisons are allowed. */
  readonly ordered?: boolean;
}

export interface FieldDef<S extends z.ZodType = z.ZodType> {
  readonly schema: S;
  readonly meta: FieldMeta;
}

const ISO_DATE = z.iso.datetime({ offset: true }).or(z.iso.date());

/** Field builders: each returns the zod schema and the catalog metadata from one declaration. */
export const f = {
  text: (label: string, opts: { max?: number; ref?: EntityName } = {}) => ({
    schema: z
      .string()
      .min(1, `${label} must not be empty`)
      .max(opts.max ?? 500),
    meta: { type: "text", label, ...(opts.ref ? { ref: opts.ref } : {}) } satisfies FieldMeta,
  }),
  id: (label: string, ref: EntityName) => ({
    schema: z
      .string()
      .min(1)
      .max(120)
      .regex(/^[A-Za-z0-9_.:-]+$/, "ids use letters, digits and _ . : -"),
    meta: { type: "text", label, ref } satisfies FieldMeta,
  }),
  enum: <const T extends readonly [string, ...string[]]>(
    label: string,
    options: T,
    ordered = false,
  ) => ({
    schema: z.enum(options),
    meta: { type: "enum", label, options, ...(ordered ? { ordered } : {}) } satisfies FieldMeta,
  }),
  number: (label: string, opts: { min?: number; max?: number; int?: boolean } = {}) => {
    let s = opts.int ? z.number().int(`${label} must be a whole number`) : z.number().finite();
    if (opts.min !== undefined) s = s.min(opts.min, `${label} must be at least ${opts.min}`);
    if (opts.max !== undefined) s = s.max(opts.max, `${label} must be at most ${opts.max}`);
    return { schema: s, meta: { type: "number", label } satisfies FieldMeta };
  },
  money: (label: string, opts: { allowNegative?: boolean } = {}) => ({
    schema: opts.allowNegative ? Money : NonNegativeMoney,
    meta: { type: "money", label } satisfies FieldMeta,
  }),
  date: (label: string) => ({
    schema: ISO_DATE,
    meta: { type: "date", label } satisfies FieldMeta,
  }),
  boolean: (label: string) => ({
    schema: z.boolean(),
    meta: { type: "boolean", label } satisfies FieldMeta,
  }),
};

/** Marks a field as optional in both the schema and the metadata. */
export function optional<S extends z.ZodType>(def: FieldDef<S>): FieldDef<z.ZodOptional<S>> {
  return { schema: def.schema.optional(), meta: { ...def.meta, optional: true } };
}

type Shape = Record<string, FieldDef>;
export interface Payload<T extends Shape> {
  readonly schema: z.ZodObject<{ [K in keyof T]: T[K]["schema"] }, z.core.$strict>;
  readonly fields: { readonly [K in keyof T]: FieldMeta };
}

/** Builds an event payload (strict object schema) and its field catalog from field builders. */
export function payload<T extends Shape>(shape: T): Payload<T> {
  const schemaShape = {} as { [K in keyof T]: T[K]["schema"] };
  const fields = {} as { [K in keyof T]: FieldMeta };
  for (const key of Object.keys(shape) as (keyof T)[]) {
    const def = shape[key]!;
    schemaShape[key] = def.schema;
    fields[key] = def.meta;
  }
  return { schema: z.strictObject(schemaShape), fields };
}
