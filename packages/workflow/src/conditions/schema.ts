import { z } from "zod";
import { MetricRef } from "@partnerflow/domain";
import { ExprSource } from "../values.ts";

/** Derived facts about a partner that conditions can test (all boolean). */
export const FACTS = {
  training_completed: {
    arg: "course",
    yes: "has completed training",
    no: "has not completed training",
  },
  certification_held: {
    arg: "certification (any if empty)",
    yes: "holds a valid certification",
    no: "holds no valid certification",
  },
  valid_document: { arg: "document kind", yes: "holds a valid", no: "does not hold a valid" },
  missing_required_document: {
    arg: null,
    yes: "is missing a required document",
    no: "holds every required document",
  },
  license_renewed: { arg: null, yes: "renewed the license", no: "has not renewed the license" },
} as const;
export type FactName = keyof typeof FACTS;
export const FACT_NAMES = Object.keys(FACTS) as [FactName, ...FactName[]];

/** The left side of a clause: where the value comes from. */
export const Operand = z.discriminatedUnion("source", [
  z.strictObject({ source: z.literal("event"), field: z.string().min(1).max(60) }),
  z.strictObject({ source: z.literal("partner"), field: z.string().min(1).max(60) }),
  /** The record the trigger is about (the deal of a deal event, the license of a date trigger). */
  z.strictObject({ source: z.literal("record"), field: z.string().min(1).max(60) }),
  z.strictObject({ source: z.literal("metric"), metric: MetricRef }),
  z.strictObject({
    source: z.literal("fact"),
    fact: z.enum(FACT_NAMES),
    arg: z.string().max(120).optional(),
  }),
]);
export type Operand = z.infer<typeof Operand>;

export const OPERATORS = {
  eq: "is",
  neq: "is not",
  in: "is one of",
  not_in: "is not one of",
  contains: "contains",
  lt: "<",
  lte: "≤",
  gt: ">",
  gte: "≥",
  between: "is between",
  is_empty: "is empty",
  not_empty: "is not empty",
  below: "is below",
  above: "is above",
  changed: "changed",
  changed_to: "changed to",
  crossed: "crossed",
  days_ahead_gt: "is more than N days from now",
  days_ahead_lt: "is less than N days from now",
} as const;
export type Operator = keyof typeof OPERATORS;
export const OPERATOR_NAMES = Object.keys(OPERATORS) as [Operator, ...Operator[]];

/** Right-hand values are tagged: a literal (typed against the left side) or an expression. */
export const ClauseValue = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("literal"), value: z.unknown() }),
  z.strictObject({ kind: z.literal("expr"), source: ExprSource }),
]);
export type ClauseValue = z.infer<typeof ClauseValue>;

export const Clause = z.strictObject({
  kind: z.literal("clause"),
  left: Operand,
  op: z.enum(OPERATOR_NAMES),
  right: ClauseValue.optional(),
});
export type Clause = z.infer<typeof Clause>;

export interface Group {
  kind: "group";
  combinator: "all" | "any";
  negate?: boolean | undefined;
  children: (Clause | Group)[];
}

/** A rule tree: all/any groups of clauses, nested (depth and size bounded). */
export const Group: z.ZodType<Group> = z.strictObject({
  kind: z.literal("group"),
  combinator: z.enum(["all", "any"]),
  negate: z.boolean().optional(),
  get children() {
    return z.array(z.union([Clause, Group])).max(50);
  },
});
export const ConditionTree = Group;
export type ConditionTree = Group;
