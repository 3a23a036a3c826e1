import { useState } from "react";
import { nodeDef, outputPorts, type NodeDef } from "../lib/workflow-lib.ts";
import { Select } from "../form/controls.tsx";
import { isStep, type StepFlowNode } from "./graph-model.ts";
import { useEditor } from "./store.ts";

/**
 * Where each output of the selected step leads, as dropdowns: connecting without dragging
 * (keyboard users, precise edits). The same rules as drawing apply (no loops, one target per output).
 */
export function ConnectionsForm(props: { node: StepFlowNode; def: NodeDef }) {
  const edges = useEditor((s) => s.edges);
  const steps = useEditor((s) => s.nodes);
  const setPortTarget = useEditor((s) => s.setPortTarget);
  const [error, setError] = useState("");
  let ports: readonly { id: string; label: string }[] = [];
  try {
    ports = outputPorts(props.def, props.node.data.config);
  } catch {
    ports = [];
  }
  if (ports.length === 0) return null;
  const targets = steps.filter(
    (n): n is StepFlowNode =>
      isStep(n) && n.id !== props.node.id && (nodeDef(n.data.type)?.inputs.length ?? 0) > 0,
  );
  const label = (n: StepFlowNode) => {
    const d = nodeDef(n.data.type);
    return `${d?.label ?? n.data.type} (${n.id})`;
  };
  return (
    <fieldset className="field-group" aria-label="Connections">
      <legend>Connections</legend>
      {ports.map((p) => {
        const id = `connect-${props.node.id}-${p.id}`;
        const current = edges.find(
          (e) => e.source === props.node.id && (e.sourceHandle ?? "out") === p.id,
        );
        return (
          <div className="field-row" key={p.id}>
            <label htmlFor={id}>{ports.length > 1 ? `“${p.label}” leads to` : "Then"}</label>
            <Select
              id={id}
              value={current?.target ?? ""}
              options={[
                { value: "", label: "— nothing (the run ends) —" },
                ...targets.map((n) => ({ value: n.id, label: label(n) })),
              ]}
              onChange={(t) => setError(setPortTarget(props.node.id, p.id, t || null) ?? "")}
            />
          </div>
        );
      })}
      {error && (
        <p className="field-errors" role="alert">
          Cannot connect: {error}
        </p>
      )}
    </fieldset>
  );
}
