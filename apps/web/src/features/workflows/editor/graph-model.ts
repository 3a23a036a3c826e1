import type { Edge, Node } from "@xyflow/react";
import type { GraphDocument } from "../lib/workflow-lib.ts";
import { type GraphEdge, type GraphNode, type GraphNote } from "../lib/workflow-lib.ts";

/** A workflow step on the canvas: serializable data only (xyflow guidance: no callbacks). */
export interface StepData extends Record<string, unknown> {
  type: string;
  typeVersion: number;
  config: Record<string, unknown>;
}
/** A sticky note on the canvas (graph `notes`). */
export interface NoteData extends Record<string, unknown> {
  text: string;
}
export type StepFlowNode = Node<StepData, "step">;
export type NoteFlowNode = Node<NoteData, "note">;
export type FlowNode = StepFlowNode | NoteFlowNode;
export type FlowEdge = Edge;

export const isStep = (n: FlowNode): n is StepFlowNode => n.type === "step";
export const isNote = (n: FlowNode): n is NoteFlowNode => n.type === "note";

const NOTE_SIZE = { width: 220, height: 120 };

/** Graph document → canvas nodes and edges (ports become handles). */
export function fromDocument(doc: GraphDocument): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const steps: FlowNode[] = doc.nodes.map((n) => ({
    id: n.id,
    type: "step",
    position: { ...n.position },
    data: { type: n.type, typeVersion: n.typeVersion, config: n.config },
  }));
  const notes: FlowNode[] = (doc.notes ?? []).map((n) => ({
    id: n.id,
    type: "note",
    position: { ...n.position },
    data: { text: n.text },
    width: n.size?.width ?? NOTE_SIZE.width,
    height: n.size?.height ?? NOTE_SIZE.height,
    zIndex: -1,
  }));
  const edges: FlowEdge[] = doc.edges.map((e) => toFlowEdge(e));
  return { nodes: [...notes, ...steps], edges };
}

export function toFlowEdge(e: GraphEdge): FlowEdge {
  return {
    id: e.id,
    source: e.source,
    sourceHandle: e.sourcePort,
    target: e.target,
    targetHandle: e.targetPort,
  };
}

/** Canvas state → graph document (what drafts store and the compiler reads). */
export function toDocument(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): GraphDocument {
  const graphNodes: GraphNode[] = [];
  const notes: GraphNote[] = [];
  for (const n of nodes) {
    const position = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
    if (isStep(n)) {
      graphNodes.push({
        id: n.id,
        type: n.data.type,
        typeVersion: n.data.typeVersion,
        config: n.data.config,
        position,
      });
    } else {
      const width = n.width ?? n.measured?.width ?? NOTE_SIZE.width;
      const height = n.height ?? n.measured?.height ?? NOTE_SIZE.height;
      notes.push({ id: n.id, text: n.data.text, position, size: { width, height } });
    }
  }
  const graphEdges: GraphEdge[] = edges.map((e) => ({
    id: e.id,
    source: e.source,
    sourcePort: e.sourceHandle ?? "out",
    target: e.target,
    targetPort: e.targetHandle ?? "in",
  }));
  return { nodes: graphNodes, edges: graphEdges, notes };
}

/** A short random id safe for the graph id pattern. */
export function newGraphId(prefix: string): string {
  const rand = crypto.getRandomValues(new Uint32Array(2));
  return `${prefix}_${rand[0]!.toString(36)}${rand[1]!.toString(36)}`.slice(0, 40);
}
