import { z } from "zod";
import { isEventType } from "@partnerflow/domain";
import type { Db } from "@partnerflow/db";
import type { Effect, Parked, TraceEntry } from "@partnerflow/workflow";
import type { Problem } from "./errors.ts";
import { DryRunHost } from "./host/dry-run-host.ts";
import { compileGraph, runUntilParked, startRun } from "./workflow-port.ts";

export const TestRunInput = z.strictObject({
  graph: z.unknown(),
  partnerId: z.string().min(1).max(120),
  event: z.strictObject({
    type: z.string().refine(isEventType, { message: "unknown event type" }),
    payload: z.record(z.string(), z.unknown()),
    occurredAt: z.iso.datetime({ offset: true }).optional(),
  }),
});
export type TestRunInput = z.infer<typeof TestRunInput>;

export interface TestRunResult {
  problems: Problem[];
  trace: TraceEntry[];
  effects: Effect[];
  parked?: Parked;
  error?: unknown;
}

/**
 * Compiles a (draft) graph and runs it for one hand-made event on a dry-run host: the
 * database is read, effects land in memory, nothing is written. A wait or approval ends the
 * test at the park (reported as `parked`).
 */
export async function testRun(
  db: Db,
  input: TestRunInput,
  now: Date = new Date(),
): Promise<TestRunResult> {
  const compiled = compileGraph(input.graph);
  if (!compiled.ok) return { problems: compiled.problems, trace: [], effects: [] };
  const at = input.event.occurredAt ?? now.toISOString();
  const host = new DryRunHost(db, input.event.occurredAt ? new Date(input.event.occurredAt) : now);
  const state = startRun(
    compiled.ir,
    {
      key: "test-run",
      partnerId: input.partnerId,
      at,
      event: { type: input.event.type, payload: input.event.payload },
    },
    { runId: "test-run", workflowHash: compiled.hash },
  );
  const result = await runUntilParked(compiled.ir, state, host);
  return {
    problems: [],
    trace: result.trace,
    effects: host.effects,
    ...(result.state.parked ? { parked: result.state.parked } : {}),
    ...(result.state.error ? { error: result.state.error } : {}),
  };
}
