import type { z } from "zod";
import type { FieldMeta } from "@partnerflow/domain";
import type { ConditionTree, Operand } from "../conditions/schema.ts";
import type { ClauseExplanation } from "../conditions/compile.ts";
import type { CatalogScope } from "../conditions/typing.ts";
import type { LocalProblem } from "../compiler/problems.ts";
import type { Effect, EffectResult } from "../interpreter/effects.ts";
import type { PartnerState, WorkflowHost } from "../interpreter/host.ts";
import type { Parked, ResumeSignal, RunState } from "../interpreter/run-state.ts";
import type { Value } from "../values.ts";

export const FAMILIES = ["trigger", "logic", "action"] as const;
export type Family = (typeof FAMILIES)[number];

export interface PortDef {
  readonly id: string;
  readonly label: string;
}

/** What a node's semantic check can use beyond its zod schema. */
export interface CheckEnv {
  readonly scope: CatalogScope;
  /** Type-checks an expression; `expected` is the field type it must produce. */
  checkExpr(source: string, expected?: FieldMeta): string[];
  checkTemplate(source: string): string[];
  /** Checks a rule tree the node's config schema has already parsed. */
  checkCondition(tree: ConditionTree): LocalProblem[];
  checkOperand(op: Operand): FieldMeta | string;
}

/** An effect as a node declares it: the interpreter adds the idempotency key and node id. */
export type EffectInput = Effect extends infer E
  ? E extends Effect
    ? Omit<E, "idempotencyKey" | "nodeId">
    : never
  : never;

/** What `execute` gets: its config typed from the schema, and the host behind helpers that trace what they read. */
export interface ExecContext<C> {
  readonly config: C;
  readonly nodeId: string;
  readonly state: Readonly<RunState>;
  readonly host: WorkflowHost;
  readonly now: Date;
  readonly partnerId: string | null;
  /** The trigger event's payload (empty when the trigger is not an event). */
  readonly event: Readonly<Record<string, unknown>>;
  /** The signal that woke this node (parked nodes only). */
  readonly signal: ResumeSignal | null;
  /** Records a value the node read, for the trace. */
  see(key: string, value: unknown): void;
  partner(): Promise<PartnerState | null>;
  /** The catalog type of an operand in this workflow's scope (what the compiler checked), or why it has none. */
  operandMeta(op: Operand): FieldMeta | string;
  operand(op: Operand): Promise<unknown>;
  value<T>(v: Value<T>, expected?: FieldMeta): Promise<unknown>;
  template(source: string): Promise<string>;
  condition(tree: ConditionTree): Promise<{ result: boolean; clauses: ClauseExplanation[] }>;
  effect(e: EffectInput): Promise<EffectResult>;
}

export type ParkSpec = Parked extends infer P
  ? P extends Parked
    ? Omit<P, "nodeId">
    : never
  : never;

/** How a step ends: follow a port, park, or end the run. */
export type Outcome =
  | { readonly port: string; readonly why: string; readonly outputs?: Record<string, unknown> }
  | { readonly park: ParkSpec; readonly why: string }
  | { readonly end: true; readonly why: string };

export interface NodeDef<T extends string = string, S extends z.ZodType = z.ZodType> {
  readonly type: T;
  readonly version: number;
  readonly family: Family;
  readonly label: string;
  readonly icon: string;
  readonly description: string;
  readonly config: S;
  /** A valid starting config for a node dropped from the palette. */
  readonly defaults: z.input<S>;
  readonly inputs: readonly PortDef[];
  readonly outputs: readonly PortDef[] | ((config: z.infer<S>) => readonly PortDef[]);
  summary(config: z.infer<S>): string;
  /** Catalog-aware checks the schema cannot express (fields, metrics, expressions, cron). */
  check?(config: z.infer<S>, env: CheckEnv): LocalProblem[];
  /** The event type a trigger starts on, for the catalog scope of later nodes. */
  scope?(config: z.infer<S>): CatalogScope;
  execute(ctx: ExecContext<z.infer<S>>): Outcome | Promise<Outcome>;
}

/** Declares a node type; `execute` is required, so a node type without one does not compile. */
export function defineNode<const T extends string, S extends z.ZodType>(
  def: NodeDef<T, S>,
): NodeDef<T, S> {
  return def;
}

export const IN: readonly PortDef[] = [{ id: "in", label: "In" }];
export const OUT: readonly PortDef[] = [{ id: "out", label: "Next" }];
