import { z } from "zod";

/**
 * What started a run. The runtime builds it from the trigger that matched: an event, a
 * schedule tick for one partner, a date-relative due instant, a threshold crossing or a
 * manual start. `key` is unique per (version, trigger) so redelivery never starts two runs.
 */
export const TriggerInput = z.strictObject({
  key: z.string().min(1).max(300),
  partnerId: z.string().nullable(),
  /** ISO instant the trigger fired at (event occurredAt, schedule fire time, due instant). */
  at: z.iso.datetime({ offset: true }),
  event: z
    .strictObject({
      type: z.string(),
      payload: z.record(z.string(), z.unknown()),
      seq: z.number().optional(),
    })
    .optional(),
  /** The record a date-relative trigger is about (the license that expires). */
  record: z.strictObject({ entity: z.string(), id: z.string() }).optional(),
  /** The metric value a threshold trigger saw cross, and its period. */
  threshold: z.strictObject({ value: z.unknown(), periodKey: z.string() }).optional(),
});
export type TriggerInput = z.infer<typeof TriggerInput>;

/** Why a run is waiting, and until when (ISO instant; null = no timeout). */
export const Parked = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("timer"), nodeId: z.string(), until: z.string() }),
  z.strictObject({
    kind: z.literal("event"),
    nodeId: z.string(),
    eventType: z.string(),
    /** The event must be about this partner (null: any). */
    partnerId: z.string().nullable(),
    until: z.string().nullable(),
  }),
  z.strictObject({
    kind: z.literal("approval"),
    nodeId: z.string(),
    approverRole: z.string(),
    title: z.string(),
    until: z.string().nullable(),
  }),
]);
export type Parked = z.infer<typeof Parked>;

/** What wakes a parked run. */
export const ResumeSignal = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("timer") }),
  z.strictObject({
    kind: z.literal("event"),
    event: z.strictObject({ type: z.string(), payload: z.record(z.string(), z.unknown()) }),
  }),
  z.strictObject({
    kind: z.literal("approval"),
    decision: z.enum(["approved", "rejected"]),
    by: z.string().optional(),
    reason: z.string().max(500).optional(),
  }),
  /** The park's `until` passed without an event or decision. */
  z.strictObject({ kind: z.literal("timeout") }),
]);
export type ResumeSignal = z.infer<typeof ResumeSignal>;

export const RunError = z.discriminatedUnion("code", [
  z.strictObject({
    code: z.literal("step_budget_exceeded"),
    message: z.string(),
    steps: z.number(),
  }),
  z.strictObject({ code: z.literal("state_too_large"), message: z.string(), bytes: z.number() }),
  z.strictObject({ code: z.literal("node_failed"), message: z.string(), nodeId: z.string() }),
  z.strictObject({ code: z.literal("unknown_node"), message: z.string(), nodeId: z.string() }),
  z.strictObject({ code: z.literal("bad_resume"), message: z.string() }),
]);
export type RunError = z.infer<typeof RunError>;

/** A run's whole state: plain JSON, stored by the runtime and handed back to `step`/`resume`. */
export const RunState = z.strictObject({
  runId: z.string(),
  workflowHash: z.string(),
  status: z.enum(["running", "parked", "completed", "failed"]),
  /** The node to execute next (running) or the node parked on (parked). */
  cursor: z.string().nullable(),
  trigger: TriggerInput,
  /** Outputs of executed nodes by node id (approval decision, assigned partner, reward amount). */
  outputs: z.record(z.string(), z.record(z.string(), z.unknown())),
  /** Executions per node id: makes idempotency keys unique when a node runs twice. */
  visits: z.record(z.string(), z.number()),
  steps: z.number().int().nonnegative(),
  parked: Parked.nullable(),
  /** What a resume delivered, consumed by the parked node when it continues. */
  signal: ResumeSignal.nullable(),
  error: RunError.nullable(),
});
export type RunState = z.infer<typeof RunState>;

/** One line of a run's trace: what a step saw, decided and did. */
export const TraceEntry = z.strictObject({
  step: z.number().int(),
  nodeId: z.string(),
  type: z.string(),
  at: z.string(),
  /** The values the node read (each condition clause's left/right values, the metric value…). */
  inputs: z.record(z.string(), z.unknown()),
  /** The port taken (null: the run ended or parked here). */
  port: z.string().nullable(),
  /** Plain-English reason for the decision. */
  why: z.string(),
  effects: z.array(z.record(z.string(), z.unknown())),
  parked: Parked.nullable(),
  error: RunError.nullable(),
});
export type TraceEntry = z.infer<typeof TraceEntry>;
