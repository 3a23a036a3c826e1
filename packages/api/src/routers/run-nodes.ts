import { GraphDocument, nodeDef, outputPorts } from "@partnerflow/workflow";

/** How a run page names a step: the node type's label and the plain-English summary of its config. */
export interface RunNode {
  id: string;
  type: string;
  label: string;
  summary: string;
  /** Output port id → label ("true" → "Yes"), so a decision reads as the canvas draws it. */
  ports: Record<string, string>;
}

/**
 * The nodes of the version a run executes, named as the canvas names them. A graph the
 * current registry cannot read still lists its nodes, by type, so old traces stay readable.
 */
export function runNodes(graph: unknown): RunNode[] {
  const doc = GraphDocument.safeParse(graph);
  if (!doc.success) return [];
  return doc.data.nodes.map((n) => {
    const def = nodeDef(n.type);
    if (!def) return { id: n.id, type: n.type, label: n.type, summary: "", ports: {} };
    const config = def.config.safeParse(n.config);
    let summary = "";
    let ports: Record<string, string> = {};
    if (config.success) {
      try {
        summary = def.summary(config.data);
        ports = Object.fromEntries(outputPorts(def, config.data).map((p) => [p.id, p.label]));
      } catch {
        // Names are a nicety; a node whose config no longer reads keeps its type's label.
      }
    }
    return { id: n.id, type: n.type, label: def.label, summary, ports };
  });
}
