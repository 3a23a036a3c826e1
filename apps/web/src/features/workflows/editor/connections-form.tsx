import { useMemo, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { nodeDef, outputPorts, type NodeDef } from "../lib/workflow-lib.ts";
import { Select } from "../form/controls.tsx";
import { isStep, type FlowNode } from "./graph-model.ts";
import { useEditor } from "./store.ts";

/**
 * Where each output of the selected step leads, as dropdowns: connecting without dragging
 * (keyboard users, precise edits). The same rules as drawing apply (no loops, one target per output).
 */
export function ConnectionsForm(props: {
  nodeId: string;
  config: Record<string, unknown>;
  def: NodeDef;
}) {
  const nodeId = props.nodeId;
  // Only this step's outgoing edges and the other steps' ids and labels: moving a node on the
  // canvas changes neither, so this form does not re-render while something is dragged.
  const outgoing = useEditor(useShallow((s) => s.edges.filter((e) => e.source === nodeId)));
  const targets = useEditor(
    useShallow((s) => s.nodes.filter((n) => n.id !== nodeId && hasInput(n)).map((n) => n.id)),
  );
  const setPortTarget = useEditor((s) => s.setPortTarget);
  const [error, setError] = useState("");
  // A node id never changes its type, so the labels follow from the ids alone.
  const options = useMemo(() => {
    const byId = new Map(useEditor.getState().nodes.map((n) => [n.id, n]));
    const label = (id: string) => {
      const n = byId.get(id);
      const type = n && isStep(n) ? n.data.type : id;
      return `${nodeDef(type)?.label ?? type} (${id})`;
    };
    return [
      { value: "", label: "— nothing (the run ends) —" },
      ...targets.map((id) => ({ value: id, label: label(id) })),
    ];
  }, [targets]);
  let ports: readonly { id: string; label: string }[] = [];
  try {
    ports = outputPorts(props.def, props.config);
  } catch {
    ports = [];
  }
  if (ports.length === 0) return null;
  return (
    <fieldset className="field-group" aria-label="Connections">
      <legend>Connections</legend>
      {ports.map((p) => {
        const id = `connect-${nodeId}-${p.id}`;
        const current = outgoing.find((e) => (e.sourceHandle ?? "out") === p.id);
        return (
          <div className="field-row" key={p.id}>
            <label htmlFor={id}>{ports.length > 1 ? `“${p.label}” leads to` : "Then"}</label>
            <Select
              id={id}
              value={current?.target ?? ""}
              options={options}
              onChange={(t) => setError(setPortTarget(nodeId, p.id, t || null) ?? "")}
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

/** Whether a step can be connected to (it has an input port). */
function hasInput(n: FlowNode): boolean {
  return isStep(n) && (nodeDef(n.data.type)?.inputs.length ?? 0) > 0;
}
