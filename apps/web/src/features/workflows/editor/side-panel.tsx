import { useEffect, useMemo } from "react";
import { z } from "zod";
import { nodeDef, type CatalogScope, type NodeDef } from "../lib/workflow-lib.ts";
import { FormContext, configPath, type FormCtx } from "../form/form-context.tsx";
import { ObjectFields, SchemaField } from "../form/schema-form.tsx";
import { fieldId } from "../form/zod-shape.ts";
import { isStep, type FlowNode, type StepData, type StepFlowNode } from "./graph-model.ts";
import { ConnectionsForm } from "./connections-form.tsx";
import { glyph } from "./node-look.ts";
import { useEditor, type NodeTrace } from "./store.ts";

const NO_PROBLEMS: never[] = [];

/**
 * The single selected step (id and data), or null (none, several, or a note). Selects the id
 * and the data object separately: dragging a node replaces the node object on every frame but
 * keeps its `data`, so the form does not re-render while a node moves.
 */
function useSelectedStep(): { id: string; data: StepData } | null {
  const id = useEditor((s) => {
    let found: FlowNode | null = null;
    for (const n of s.nodes) {
      if (!n.selected) continue;
      if (found) return null;
      found = n;
    }
    return found && isStep(found) ? found.id : null;
  });
  const data = useEditor((s) => {
    if (!id) return null;
    const n = s.nodes.find((x) => x.id === id);
    return n && isStep(n) ? n.data : null;
  });
  return useMemo(() => (id && data ? { id, data } : null), [id, data]);
}

/** The trigger's catalog scope (event fields, record entity) for pickers in every node's form. */
function useTriggerScope(): CatalogScope {
  const trigger = useEditor(
    (s) =>
      (
        s.nodes.find((n) => isStep(n) && nodeDef(n.data.type)?.family === "trigger") as
          StepFlowNode | undefined
      )?.data,
  );
  return useMemo(() => {
    const def = trigger && nodeDef(trigger.type);
    if (!def?.scope || !trigger) return {};
    const parsed = def.config.safeParse(trigger.config);
    try {
      return parsed.success ? def.scope(parsed.data) : {};
    } catch {
      return {};
    }
  }, [trigger]);
}

/** Focuses the control for a problem's path: the deepest rendered field on that path. */
function focusField(nodeId: string, path: readonly (string | number)[]): void {
  for (let n = path.length; n >= 0; n--) {
    const el = document.getElementById(fieldId(nodeId, path.slice(0, n)));
    if (el) {
      el.scrollIntoView({ block: "center" });
      el.focus();
      return;
    }
  }
}

/** The selected node's form, generated from its config schema and UI hints. */
export function SidePanel() {
  const node = useSelectedStep();
  const updateConfig = useEditor((s) => s.updateConfig);
  const problems = useEditor((s) => (node ? s.problemsByNode[node.id] : undefined)) ?? NO_PROBLEMS;
  const trace = useEditor((s) => (node ? s.traceByNode[node.id] : undefined));
  const focus = useEditor((s) => s.focus);
  const scope = useTriggerScope();
  const nodeId = node?.id;
  useEffect(() => {
    if (!focus || focus.nodeId !== nodeId) return;
    // Only a new focus request (or the node it names becoming selected) moves the focus;
    // the delay lets the canvas finish handling the selection first.
    const timer = setTimeout(() => focusField(focus.nodeId, configPath(focus.path)), 50);
    return () => clearTimeout(timer);
  }, [focus, nodeId]);
  if (!node) {
    return (
      <aside className="side-panel" aria-label="Step settings">
        <p className="muted">
          Select a step to edit its settings. Drag steps from the palette, then connect an output
          (right) to an input (left).
        </p>
      </aside>
    );
  }
  const def = nodeDef(node.data.type);
  if (!def) {
    return (
      <aside className="side-panel" aria-label="Step settings">
        <p>Unknown step type {node.data.type}.</p>
      </aside>
    );
  }
  const ctx: FormCtx = { nodeId: node.id, scope, problems, config: node.data.config };
  return (
    <aside className="side-panel" aria-label="Step settings">
      <header className={`panel-head family-${def.family}`}>
        <span className="step-icon" aria-hidden="true">
          {glyph(def.icon)}
        </span>
        <div>
          <h2>{def.label}</h2>
          <p className="muted">{def.description}</p>
        </div>
      </header>
      <FormContext.Provider value={ctx}>
        <form className="node-form" onSubmit={(e) => e.preventDefault()} data-testid="node-form">
          <ConfigForm
            def={def}
            config={node.data.config}
            onChange={(c) => updateConfig(node.id, c)}
          />
        </form>
      </FormContext.Provider>
      <ConnectionsForm nodeId={node.id} config={node.data.config} def={def} />
      <UnplacedProblems problems={problems} nodeId={node.id} />
      {trace && <TraceDetails trace={trace} />}
    </aside>
  );
}

function ConfigForm(props: {
  def: NodeDef;
  config: Record<string, unknown>;
  onChange: (c: Record<string, unknown>) => void;
}) {
  const schema = props.def.config;
  if (schema instanceof z.ZodObject) {
    return (
      <ObjectFields
        schema={schema}
        value={props.config}
        path={[]}
        onChange={(v) => props.onChange(v as Record<string, unknown>)}
      />
    );
  }
  return (
    <SchemaField
      schema={schema}
      value={props.config}
      path={[]}
      label="Settings"
      onChange={(v) => props.onChange(v as Record<string, unknown>)}
    />
  );
}

/** Problems whose field is not on screen (graph-level ones, or a path the form does not draw). */
function UnplacedProblems(props: {
  problems: readonly { path: readonly (string | number)[]; message: string }[];
  nodeId: string;
}) {
  const loose = props.problems.filter((p) => configPath(p.path).length === 0);
  if (!loose.length) return null;
  return (
    <ul className="field-errors" role="alert" aria-label="Problems with this step">
      {loose.map((p, i) => (
        <li key={i}>{p.message}</li>
      ))}
    </ul>
  );
}

function TraceDetails({ trace }: { trace: NodeTrace }) {
  return (
    <section className="trace-details" aria-label="Test run at this step">
      <h3>In the test run (step {trace.order})</h3>
      <p>
        <strong>Decision:</strong> {trace.why}
        {trace.port ? ` → ${trace.port}` : ""}
      </p>
      {Object.keys(trace.seen).length > 0 && (
        <>
          <h4>Values it saw</h4>
          <pre className="mono">{JSON.stringify(trace.seen, null, 2)}</pre>
        </>
      )}
    </section>
  );
}
