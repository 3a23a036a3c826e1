/** A compile problem as the workflow compiler reports it (node id + field path). */
export interface Problem {
  nodeId: string | null;
  path: (string | number)[];
  code: string;
  message: string;
}

/** Codes of refusals the runtime answers to callers (the API maps them to tRPC codes). */
export const RUNTIME_ERROR_CODES = ["NOT_FOUND", "CONFLICT", "BAD_REQUEST"] as const;
export type RuntimeErrorCode = (typeof RUNTIME_ERROR_CODES)[number];

/**
 * A request the runtime refuses (unknown id, stale draft revision, a graph with compile
 * problems). Not retriable: the same request fails again.
 */
export class RuntimeError extends Error {
  override readonly name = "RuntimeError";
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
    /** Compiler problems, when publishing was refused. */
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string): RuntimeError =>
  new RuntimeError("NOT_FOUND", `${what} ${JSON.stringify(id)} not found`);
