import dagre from "@dagrejs/dagre";
import { isStep, type FlowEdge, type FlowNode } from "./graph-model.ts";

const NODE_W = 260;
const NODE_H = 110;

/**
 * Left-to-right layered layout of the steps (dagre); notes stay where the user put them.
 * Returns new node objects only for steps that moved.
 */
export function autoLayout(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): FlowNode[] {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 80, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) {
    if (!isStep(n)) continue;
    g.setNode(n.id, {
      width: n.measured?.width ?? NODE_W,
      height: n.measured?.height ?? NODE_H,
    });
  }
  for (const e of edges)
    if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  return nodes.map((n) => {
    if (!isStep(n)) return n;
    const p = g.node(n.id) as { x: number; y: number; width: number; height: number } | undefined;
    if (!p) return n;
    const position = { x: Math.round(p.x - p.width / 2), y: Math.round(p.y - p.height / 2) };
    return position.x === n.position.x && position.y === n.position.y ? n : { ...n, position };
  });
}
