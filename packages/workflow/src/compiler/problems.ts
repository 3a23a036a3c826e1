import { z } from "zod";

/** Every problem the compiler can report. Codes live here, with the compiler that emits them. */
export const PROBLEM_CODES = [
  "invalid_document",
  "no_trigger",
  "multiple_triggers",
  "unknown_node_type",
  "unsupported_type_version",
  "duplicate_id",
  "dangling_edge",
  "duplicate_edge",
  "unknown_port",
  "port_already_connected",
  "unconnected_port",
  "unreachable_node",
  "cycle",
  "invalid_config",
  "unknown_event_type",
  "unknown_field",
  "unknown_metric",
  "type_mismatch",
  "bad_operator",
  "bad_cron",
  "bad_time_zone",
  "expression_error",
  "missing_currency",
  "currency_mismatch",
  "trigger_not_first",
] as const;
export const ProblemCode = z.enum(PROBLEM_CODES);
export type ProblemCode = z.infer<typeof ProblemCode>;

/** A compile problem, pinned to a node (null: the whole graph) and a path inside its config. */
export const Problem = z.strictObject({
  nodeId: z.string().nullable(),
  path: z.array(z.union([z.string(), z.number()])),
  code: ProblemCode,
  message: z.string(),
});
export type Problem = z.infer<typeof Problem>;

/** A problem found inside one node's config, before the node id is attached. */
export type LocalProblem = Omit<Problem, "nodeId">;

export const localProblem = (
  code: ProblemCode,
  path: (string | number)[],
  message: string,
): LocalProblem => ({ code, path, message });

/** Maps zod issues to problems with field paths (never throws, never loses an issue). */
export function zodProblems(
  error: z.ZodError,
  prefix: (string | number)[] = [],
  code: ProblemCode = "invalid_config",
): LocalProblem[] {
  return error.issues.map((i) => ({
    code,
    path: [...prefix, ...i.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
    message: i.message,
  }));
}
