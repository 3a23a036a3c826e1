/**
 * Everything the runtime needs from the workflow language, in one place: the graph document,
 * the compiler, migrate-on-read of stored IRs and the template fixtures. When the language
 * package's public entry point grows, only this file changes.
 */
import type { z } from "zod";
import {
  GraphDocument,
  compileWorkflow,
  migrateWorkflow,
  type CompileResult,
  type WorkflowIr,
} from "@partnerflow/workflow";
import { templateById } from "@partnerflow/workflow/fixtures";
import { RuntimeError, type Problem } from "./errors.ts";

export type Graph = z.infer<typeof GraphDocument>;
export type { WorkflowIr, CompileResult };
export { GraphDocument };

/** A blank canvas. */
export const emptyGraph = (): Graph => ({ nodes: [], edges: [], notes: [] });

/** Validates a graph document's shape (not its semantics: that is the compiler's job). */
export function parseGraph(input: unknown): Graph {
  const parsed = GraphDocument.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems: Problem[] = parsed.error.issues.map((i) => ({
    nodeId: null,
    path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
    code: "invalid_document",
    message: i.message,
  }));
  throw new RuntimeError(
    "BAD_REQUEST",
    `graph: ${problems.map((p) => `${p.path.join(".") || "(root)"}: ${p.message}`).join("; ")}`,
    problems,
  );
}

/** Graph → serialized workflow; never throws. */
export function compileGraph(graph: unknown): CompileResult {
  return compileWorkflow(graph);
}

/** A stored IR, migrated to the current schemaVersion (throws if it cannot be). */
export function loadIr(stored: unknown): WorkflowIr {
  const r = migrateWorkflow(stored);
  if (!r.ok) throw new Error(`stored workflow cannot be read: ${r.message}`);
  return r.ir;
}

/** The graph of a template (a scenario fixture), or undefined. */
export function fixtureGraph(id: string): Graph | undefined {
  return templateById(id)?.graph;
}

export {
  start as startRun,
  resume as resumeRun,
  step as stepRun,
  runUntilParked,
  DEFAULT_LIMITS,
  type InterpreterLimits,
} from "@partnerflow/workflow";

export {
  matchEvent,
  matchRecordChange,
  matchThreshold,
  thresholdMetric,
  nextScheduleTimes,
  scheduleSegment,
  dateRelativeTrigger,
  dateRelativeDue,
  evaluateFor,
} from "@partnerflow/workflow";
