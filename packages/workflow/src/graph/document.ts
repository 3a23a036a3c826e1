import { z } from "zod";

/** Node and edge ids: stable, opaque, never a display name. */
export const GraphId = z
  .string()
  .min(1, "id must not be empty")
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "ids use letters, digits, _ and -");

export const Position = z.strictObject({ x: z.number().finite(), y: z.number().finite() });
export type Position = z.infer<typeof Position>;

export const GraphNode = z.strictObject({
  id: GraphId,
  type: z.string().min(1).max(80),
  typeVersion: z.number().int().min(1),
  /** Validated later against the node type's schema, so problems name the node and field. */
  config: z.record(z.string(), z.unknown()),
  position: Position,
});
export type GraphNode = z.infer<typeof GraphNode>;

export const GraphEdge = z.strictObject({
  id: GraphId,
  source: GraphId,
  sourcePort: z.string().min(1).max(64),
  target: GraphId,
  targetPort: z.string().min(1).max(64),
});
export type GraphEdge = z.infer<typeof GraphEdge>;

export const GraphNote = z.strictObject({
  id: GraphId,
  text: z.string().max(5_000),
  position: Position,
  size: z.strictObject({ width: z.number().positive(), height: z.number().positive() }).optional(),
});
export type GraphNote = z.infer<typeof GraphNote>;

/** Largest graph the compiler accepts: bounds work for hostile input. */
export const GRAPH_LIMITS = { maxNodes: 1_000, maxEdges: 4_000, maxNotes: 500 } as const;

/** What the canvas edits and drafts store: flat nodes, edges and notes keyed by stable ids. */
export const GraphDocument = z.strictObject({
  nodes: z.array(GraphNode).max(GRAPH_LIMITS.maxNodes),
  edges: z.array(GraphEdge).max(GRAPH_LIMITS.maxEdges),
  notes: z.array(GraphNote).max(GRAPH_LIMITS.maxNotes).default([]),
});
export type GraphDocument = z.infer<typeof GraphDocument>;
export type GraphDocumentInput = z.input<typeof GraphDocument>;
