import { z } from "zod";

export const CURRENT_SCHEMA_VERSION = 1 as const;

export const IrNode = z.strictObject({
  type: z.string(),
  typeVersion: z.number().int().min(1),
  /** The config as validated by the node type's schema (defaults applied). */
  config: z.record(z.string(), z.unknown()),
  /** Output port → next node id. Unconnected ports are absent: the run ends there. */
  next: z.record(z.string(), z.string()),
});
export type IrNode = z.infer<typeof IrNode>;

/** The serialized workflow the runtime and simulator execute (schemaVersion 1). */
export const WorkflowIr = z.strictObject({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  /** The trigger node's id; its config says when runs start. */
  trigger: z.string(),
  nodes: z.record(z.string(), IrNode),
});
export type WorkflowIr = z.infer<typeof WorkflowIr>;
