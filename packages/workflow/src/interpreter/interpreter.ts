import type { WorkflowIr } from "../compiler/ir.ts";
import type { CatalogScope } from "../conditions/typing.ts";
import { nodeDef } from "../nodes/registry.ts";
import type { Outcome } from "../nodes/define.ts";
import { makeContext } from "./context.ts";
import type { Effect } from "./effects.ts";
import type { WorkflowHost } from "./host.ts";
import type { ResumeSignal, RunError, RunState, TraceEntry, TriggerInput } from "./run-state.ts";

export interface InterpreterLimits {
  /** Steps one run may take in total (default 2,000). */
  readonly stepBudget: number;
  /** Largest serialized run state in bytes (default 256 KiB). */
  readonly maxStateBytes: number;
}
export const DEFAULT_LIMITS: InterpreterLimits = { stepBudget: 2_000, maxStateBytes: 262_144 };

/** The catalog scope of a compiled workflow (the trigger's event type and record entity). */
export function irScope(ir: WorkflowIr): CatalogScope {
  const t = ir.nodes[ir.trigger];
  const def = t && nodeDef(t.type);
  return t && def?.scope ? def.scope(t.config) : {};
}

/** A new run positioned on the trigger node. Pure. */
export function start(
  ir: WorkflowIr,
  trigger: TriggerInput,
  ids: { runId: string; workflowHash: string },
): RunState {
  return {
    runId: ids.runId,
    workflowHash: ids.workflowHash,
    status: "running",
    cursor: ir.trigger,
    trigger,
    outputs: {},
    visits: {},
    steps: 0,
    parked: null,
    signal: null,
    error: null,
  };
}

/** Wakes a parked run with a signal; the parked node runs again and reads the signal. */
export function resume(state: RunState, signal: ResumeSignal): RunState {
  if (state.status !== "parked" || !state.parked) {
    return {
      ...state,
      status: "failed",
      error: { code: "bad_resume", message: `cannot resume a ${state.status} run` },
    };
  }
  const p = state.parked;
  const fits =
    signal.kind === "timeout" ||
    (signal.kind === "timer" && (p.kind === "timer" || p.until !== null)) ||
    (signal.kind === "event" && p.kind === "event" && signal.event.type === p.eventType) ||
    (signal.kind === "approval" && p.kind === "approval");
  if (!fits)
    return {
      ...state,
      status: "failed",
      error: {
        code: "bad_resume",
        message: `a ${signal.kind} signal does not wake a ${p.kind} wait`,
      },
    };
  return { ...state, status: "running", parked: null, signal };
}

const fail = (state: RunState, error: RunError): RunState => ({
  ...state,
  status: "failed",
  error,
});

/** Executes one node. Pure apart from the host calls; returns the new state and its trace line. */
export async function step(
  ir: WorkflowIr,
  state: RunState,
  host: WorkflowHost,
  limits: InterpreterLimits = DEFAULT_LIMITS,
): Promise<{ state: RunState; trace: TraceEntry | null }> {
  if (state.status !== "running" || state.cursor === null) return { state, trace: null };
  const nodeId = state.cursor;
  const node = ir.nodes[nodeId];
  const def = node && nodeDef(node.type);
  const now = await host.now();
  const base = { step: state.steps + 1, nodeId, type: node?.type ?? "?", at: now.toISOString() };
  if (!node || !def) {
    const error: RunError = {
      code: "unknown_node",
      message: `node ${nodeId} is not in the workflow`,
      nodeId,
    };
    return {
      state: fail(state, error),
      trace: {
        ...base,
        inputs: {},
        port: null,
        why: error.message,
        effects: [],
        parked: null,
        error,
      },
    };
  }
  if (state.steps >= limits.stepBudget) {
    const error: RunError = {
      code: "step_budget_exceeded",
      message: `the run took ${state.steps} steps (limit ${limits.stepBudget})`,
      steps: state.steps,
    };
    return {
      state: fail(state, error),
      trace: {
        ...base,
        inputs: {},
        port: null,
        why: error.message,
        effects: [],
        parked: null,
        error,
      },
    };
  }
  const inputs: Record<string, unknown> = {};
  const effects: Effect[] = [];
  const ctx = makeContext(
    { state, host, nodeId, config: node.config, scope: irScope(ir), now, signal: state.signal },
    inputs,
    effects,
  );
  let outcome: Outcome;
  try {
    outcome = await def.execute(ctx);
  } catch (e) {
    const error: RunError = {
      code: "node_failed",
      message: e instanceof Error ? e.message : String(e),
      nodeId,
    };
    return {
      state: fail({ ...state, steps: state.steps + 1 }, error),
      trace: {
        ...base,
        inputs,
        port: null,
        why: error.message,
        effects: effects.map(asRecord),
        parked: null,
        error,
      },
    };
  }
  const visits = { ...state.visits, [nodeId]: (state.visits[nodeId] ?? 0) + 1 };
  let next: RunState = { ...state, steps: state.steps + 1, visits, signal: null };
  let port: string | null = null;
  let parked = null;
  if ("park" in outcome) {
    parked = { ...outcome.park, nodeId };
    next = { ...next, status: "parked", parked, visits: state.visits };
  } else if ("end" in outcome) {
    next = { ...next, status: "completed", cursor: null };
  } else {
    port = outcome.port;
    const to = node.next[port] ?? null;
    next = {
      ...next,
      cursor: to,
      status: to === null ? "completed" : "running",
      outputs: outcome.outputs ? { ...state.outputs, [nodeId]: outcome.outputs } : state.outputs,
    };
  }
  // The size of the state as it is stored (jsonb from JSON.stringify); key order does not
  // change the length, so no canonical form is needed here.
  const bytes = JSON.stringify(next).length;
  if (bytes > limits.maxStateBytes) {
    const error: RunError = {
      code: "state_too_large",
      message: `run state is ${bytes} bytes (limit ${limits.maxStateBytes})`,
      bytes,
    };
    next = fail(next, error);
  }
  return {
    state: next,
    trace: {
      ...base,
      inputs,
      port,
      why: outcome.why,
      effects: effects.map(asRecord),
      parked,
      error: next.error,
    },
  };
}

const asRecord = (e: Effect) => e as unknown as Record<string, unknown>;

/** Steps until the run parks, completes or fails. */
export async function runUntilParked(
  ir: WorkflowIr,
  state: RunState,
  host: WorkflowHost,
  limits: InterpreterLimits = DEFAULT_LIMITS,
): Promise<{ state: RunState; trace: TraceEntry[] }> {
  const trace: TraceEntry[] = [];
  let s = state;
  while (s.status === "running") {
    const r = await step(ir, s, host, limits);
    s = r.state;
    if (r.trace) trace.push(r.trace);
  }
  return { state: s, trace };
}
