import { create } from "zustand";
import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from "@xyflow/react";
import { nodeDef, type GraphDocument, type Problem } from "../lib/workflow-lib.ts";
import { connectionProblem } from "./connection-rules.ts";
import {
  fromDocument,
  isStep,
  newGraphId,
  type FlowEdge,
  type FlowNode,
  type StepFlowNode,
} from "./graph-model.ts";
import { autoLayout } from "./layout.ts";

interface Snapshot {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/** What a test run says about one node: shown on the node and in the side panel. */
export interface NodeTrace {
  order: number;
  port: string | null;
  why: string;
  seen: Record<string, unknown>;
}

export interface FocusRequest {
  nodeId: string;
  path: readonly (string | number)[];
  seq: number;
}

const HISTORY_LIMIT = 100;
const COALESCE_MS = 800;

export interface EditorState {
  nodes: FlowNode[];
  edges: FlowEdge[];
  past: Snapshot[];
  future: Snapshot[];
  /** Bumped on every change to the document (not on selection): autosave and compile watch it. */
  docSeq: number;
  problems: Problem[];
  problemsByNode: Record<string, Problem[]>;
  traceByNode: Record<string, NodeTrace>;
  focus: FocusRequest | null;
  clipboard: Snapshot | null;
  lastConnectError: string | null;
  coalesce: { key: string; at: number } | null;

  load: (doc: GraphDocument) => void;
  onNodesChange: (changes: NodeChange<FlowNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<FlowEdge>[]) => void;
  connect: (c: Connection) => void;
  checkpoint: () => void;
  /** Points an output port at a step (or disconnects it): the keyboard way to draw an edge. */
  setPortTarget: (source: string, port: string, target: string | null) => string | null;
  addStep: (type: string, position: XYPosition) => string | null;
  addNote: (position: XYPosition) => void;
  updateConfig: (id: string, config: Record<string, unknown>) => void;
  updateNote: (id: string, text: string) => void;
  select: (id: string | null) => void;
  deleteSelected: () => void;
  copySelection: () => void;
  paste: (offset?: XYPosition) => void;
  duplicateSelection: () => void;
  selectAll: () => void;
  undo: () => void;
  redo: () => void;
  layout: () => void;
  setProblems: (problems: Problem[]) => void;
  setTrace: (trace: Record<string, NodeTrace> | null, litEdges?: ReadonlySet<string>) => void;
  focusProblem: (p: Problem) => void;
}

const snapshot = (s: EditorState): Snapshot => ({ nodes: s.nodes, edges: s.edges });

/** History entry before a document change; `key` coalesces bursts (typing in one field). */
function withHistory(s: EditorState, key?: string): Partial<EditorState> {
  const now = Date.now();
  if (key && s.coalesce && s.coalesce.key === key && now - s.coalesce.at < COALESCE_MS) {
    return { coalesce: { key, at: now }, future: [], docSeq: s.docSeq + 1 };
  }
  return {
    past: [...s.past.slice(-HISTORY_LIMIT + 1), snapshot(s)],
    future: [],
    coalesce: key ? { key, at: now } : null,
    docSeq: s.docSeq + 1,
  };
}

/** Whether a node change alters the saved document (moves, resizes, removals). */
const changesDocument = (c: NodeChange<FlowNode>) =>
  c.type === "position" || c.type === "remove" || (c.type === "dimensions" && c.resizing === true);

/**
 * The editor state. One store per page; node components subscribe to their own slices
 * (`problemsByNode[id]`, `traceByNode[id]`), so a form edit re-renders only its node.
 */
export const useEditor = create<EditorState>()((set, get) => ({
  nodes: [],
  edges: [],
  past: [],
  future: [],
  docSeq: 0,
  problems: [],
  problemsByNode: {},
  traceByNode: {},
  focus: null,
  clipboard: null,
  lastConnectError: null,
  coalesce: null,

  load(doc) {
    const { nodes, edges } = fromDocument(doc);
    set({
      nodes,
      edges,
      past: [],
      future: [],
      docSeq: 0,
      problems: [],
      problemsByNode: {},
      traceByNode: {},
      focus: null,
      coalesce: null,
    });
  },

  onNodesChange(changes) {
    const s = get();
    const structural = changes.some((c) => c.type === "remove");
    const moved = changes.some(changesDocument);
    set({
      ...(structural ? withHistory(s) : moved ? { docSeq: s.docSeq + 1 } : {}),
      nodes: applyNodeChanges(changes, s.nodes),
    });
  },

  onEdgesChange(changes) {
    const s = get();
    const structural = changes.some((c) => c.type === "remove");
    set({
      ...(structural ? withHistory(s) : {}),
      edges: applyEdgeChanges(changes, s.edges),
    });
  },

  connect(c) {
    const s = get();
    const problem = connectionProblem(c, s.nodes, s.edges);
    if (problem) {
      set({ lastConnectError: problem });
      return;
    }
    const edge: FlowEdge = { ...c, id: newGraphId("e") };
    set({ ...withHistory(s), lastConnectError: null, edges: addEdge(edge, s.edges) });
  },

  setPortTarget(source, port, target) {
    const s = get();
    const kept = s.edges.filter(
      (e) => !(e.source === source && (e.sourceHandle ?? "out") === port),
    );
    if (!target) {
      set({ ...withHistory(s), edges: kept });
      return null;
    }
    const targetNode = s.nodes.find((n) => n.id === target);
    const targetPort =
      targetNode && isStep(targetNode) ? nodeDef(targetNode.data.type)?.inputs[0]?.id : undefined;
    const c = { source, sourceHandle: port, target, targetHandle: targetPort ?? "in" };
    const problem = connectionProblem(c, s.nodes, kept);
    if (problem) return problem;
    set({
      ...withHistory(s),
      lastConnectError: null,
      edges: [...kept, { ...c, id: newGraphId("e") }],
    });
    return null;
  },

  checkpoint() {
    const s = get();
    set({ past: [...s.past.slice(-HISTORY_LIMIT + 1), snapshot(s)], future: [], coalesce: null });
  },

  addStep(type, position) {
    const def = nodeDef(type);
    if (!def) return null;
    const s = get();
    const id = newGraphId(type.split(".")[0] ?? "n");
    const node: StepFlowNode = {
      id,
      type: "step",
      position,
      selected: true,
      data: {
        type,
        typeVersion: def.version,
        config: structuredClone(def.defaults) as Record<string, unknown>,
      },
    };
    set({
      ...withHistory(s),
      nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node],
    });
    return id;
  },

  addNote(position) {
    const s = get();
    const note: FlowNode = {
      id: newGraphId("note"),
      type: "note",
      position,
      data: { text: "" },
      width: 220,
      height: 120,
      zIndex: -1,
    };
    set({ ...withHistory(s), nodes: [note, ...s.nodes] });
  },

  updateConfig(id, config) {
    const s = get();
    set({
      ...withHistory(s, `config:${id}`),
      nodes: s.nodes.map((n) =>
        n.id === id && isStep(n) ? { ...n, data: { ...n.data, config } } : n,
      ),
    });
  },

  updateNote(id, text) {
    const s = get();
    set({
      ...withHistory(s, `note:${id}`),
      nodes: s.nodes.map((n) => (n.id === id && !isStep(n) ? { ...n, data: { text } } : n)),
    });
  },

  select(id) {
    set({
      nodes: get().nodes.map((n) =>
        (n.id === id) === Boolean(n.selected) ? n : { ...n, selected: n.id === id },
      ),
    });
  },

  deleteSelected() {
    const s = get();
    const gone = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id));
    const edges = s.edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
    if (gone.size === 0 && edges.length === s.edges.length) return;
    set({ ...withHistory(s), nodes: s.nodes.filter((n) => !gone.has(n.id)), edges });
  },

  copySelection() {
    const s = get();
    const nodes = s.nodes.filter((n) => n.selected);
    const ids = new Set(nodes.map((n) => n.id));
    const edges = s.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
    if (nodes.length) set({ clipboard: { nodes, edges } });
  },

  paste(offset = { x: 40, y: 40 }) {
    const s = get();
    const clip = s.clipboard;
    if (!clip) return;
    const idMap = new Map(clip.nodes.map((n) => [n.id, newGraphId(isStep(n) ? "n" : "note")]));
    const pasted = clip.nodes.map((n) => ({
      ...structuredClone(n),
      id: idMap.get(n.id)!,
      selected: true,
      position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
    }));
    const edges = clip.edges.map((e) => ({
      ...e,
      id: newGraphId("e"),
      source: idMap.get(e.source)!,
      target: idMap.get(e.target)!,
      selected: false,
    }));
    set({
      ...withHistory(s),
      nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted],
      edges: [...s.edges, ...edges],
      clipboard: { nodes: pasted, edges },
    });
  },

  duplicateSelection() {
    get().copySelection();
    get().paste();
  },

  selectAll() {
    set({ nodes: get().nodes.map((n) => (n.selected ? n : { ...n, selected: true })) });
  },

  undo() {
    const s = get();
    const prev = s.past.at(-1);
    if (!prev) return;
    set({
      nodes: prev.nodes,
      edges: prev.edges,
      past: s.past.slice(0, -1),
      future: [snapshot(s), ...s.future],
      docSeq: s.docSeq + 1,
      coalesce: null,
    });
  },

  redo() {
    const s = get();
    const next = s.future[0];
    if (!next) return;
    set({
      nodes: next.nodes,
      edges: next.edges,
      past: [...s.past, snapshot(s)],
      future: s.future.slice(1),
      docSeq: s.docSeq + 1,
      coalesce: null,
    });
  },

  layout() {
    const s = get();
    set({ ...withHistory(s), nodes: autoLayout(s.nodes, s.edges) });
  },

  setProblems(problems) {
    const byNode: Record<string, Problem[]> = {};
    for (const p of problems) if (p.nodeId) (byNode[p.nodeId] ??= []).push(p);
    // Keep the previous arrays where nothing changed so node selectors stay referentially equal.
    const prev = get().problemsByNode;
    for (const [id, list] of Object.entries(byNode)) {
      const old = prev[id];
      if (old && sameProblems(old, list)) byNode[id] = old;
    }
    set({ problems, problemsByNode: byNode });
  },

  setTrace(trace, litEdges) {
    const s = get();
    set({
      traceByNode: trace ?? {},
      edges: s.edges.map((e) => {
        const lit = litEdges?.has(e.id) ?? false;
        const was = e.className === "lit";
        return lit === was ? e : { ...e, className: lit ? "lit" : "", animated: lit };
      }),
    });
  },

  focusProblem(p) {
    if (!p.nodeId) return;
    get().select(p.nodeId);
    set({ focus: { nodeId: p.nodeId, path: p.path, seq: (get().focus?.seq ?? 0) + 1 } });
  },
}));

function sameProblems(a: readonly Problem[], b: readonly Problem[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => p.message === b[i]!.message && p.path.join(".") === b[i]!.path.join("."))
  );
}

/** The one selected step, if exactly one step is selected. */
export function selectedStepId(s: EditorState): string | null {
  let found: string | null = null;
  for (const n of s.nodes) {
    if (!n.selected) continue;
    if (!isStep(n) || found) return found && isStep(n) ? null : found;
    found = n.id;
  }
  return found;
}
