import { describe, expect, it } from "vitest";
import { workflowJsonSchemas } from "./json-schema.ts";

describe("JSON Schemas", () => {
  it("describe the graph document and the IR", () => {
    const { graph, ir } = workflowJsonSchemas() as {
      graph: { required: string[] };
      ir: { properties: Record<string, { const?: number }> };
    };
    expect(graph.required).toEqual(expect.arrayContaining(["nodes", "edges"]));
    expect(ir.properties.schemaVersion?.const).toBe(1);
  });
});
