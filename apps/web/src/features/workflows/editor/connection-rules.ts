import { nodeDef, outputPorts } from "../lib/workflow-lib.ts";
import { isStep, type FlowEdge, type FlowNode } from "./graph-model.ts";

export interface ProposedConnection {
  source: string | null;
  sourceHandle?: string | null | undefined;
  target: string | null;
  targetHandle?: string | null | undefined;
}

/**
 * Why a connection cannot be drawn, or null when it fits. Checked while the user drags, so
 * the canvas never holds an edge the compiler would reject for its shape: ports must exist
 * on both ends, an output feeds one step, the same edge is not drawn twice, and the graph
 * stays acyclic (workflows loop with waits, not with edges).
 */
export function connectionProblem(
  c: ProposedConnection,
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
): string | null {
  if (!c.source || !c.target) return "connect an output to an input";
  if (c.source === c.target) return "a step cannot connect to itself";
  const source = nodes.find((n) => n.id === c.source);
  const target = nodes.find((n) => n.id === c.target);
  if (!source || !target || !isStep(source) || !isStep(target)) return "only steps connect";
  const sDef = nodeDef(source.data.type);
  const tDef = nodeDef(target.data.type);
  if (!sDef || !tDef) return "unknown step type";
  let ports: readonly { id: string }[];
  try {
    ports = outputPorts(sDef, source.data.config);
  } catch {
    ports = [];
  }
  const sourcePort = c.sourceHandle ?? ports[0]?.id;
  if (!ports.some((p) => p.id === sourcePort)) return `${sDef.label} has no output “${sourcePort}”`;
  const targetPort = c.targetHandle ?? tDef.inputs[0]?.id;
  if (!tDef.inputs.some((p) => p.id === targetPort)) return `${tDef.label} takes no input here`;
  if (edges.some((e) => e.source === c.source && (e.sourceHandle ?? "out") === sourcePort))
    return "this output is already connected";
  if (reaches(c.target, c.source, edges)) return "this would make a loop";
  return null;
}

/** Whether `to` can be reached from `from` following edges. */
export function reaches(from: string, to: string, edges: readonly FlowEdge[]): boolean {
  const out = new Map<string, string[]>();
  for (const e of edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(out.get(id) ?? []));
  }
  return false;
}
