import { z } from "zod";
import { GraphDocument } from "../graph/document.ts";
import { WorkflowIr } from "./ir.ts";

/** JSON Schemas of the graph document and the IR, for users who keep workflows in git. */
export function workflowJsonSchemas(): { graph: unknown; ir: unknown } {
  return {
    graph: z.toJSONSchema(GraphDocument, { io: "input", unrepresentable: "any" }),
    ir: z.toJSONSchema(WorkflowIr, { unrepresentable: "any" }),
  };
}
