import { memo, useMemo } from "react";
import { Handle, Position, useStore, type NodeProps, type ReactFlowState } from "@xyflow/react";
import { nodeDef, outputPorts, type NodeDef, type PortDef } from "../lib/workflow-lib.ts";
import type { StepFlowNode } from "./graph-model.ts";
import { glyph, isFar } from "./node-look.ts";
import { useEditor } from "./store.ts";

interface RenderCounter {
  __pfNodeRenders?: Record<string, number>;
}

/** Benchmarks set `window.__pfNodeRenders = {}` to count renders per node id. */
function countRender(id: string): void {
  const counts = (globalThis as RenderCounter).__pfNodeRenders;
  if (counts) counts[id] = (counts[id] ?? 0) + 1;
}

/** Summary and ports from the registry; an invalid config still draws, with "needs setup". */
function describe(def: NodeDef, config: Record<string, unknown>) {
  const parsed = def.config.safeParse(config);
  let summary = "Needs setup";
  let ports: readonly PortDef[] = [];
  try {
    if (parsed.success) summary = def.summary(parsed.data);
  } catch {
    summary = "Needs setup";
  }
  try {
    ports = outputPorts(def, parsed.success ? parsed.data : config);
  } catch {
    ports = typeof def.outputs === "function" ? [] : def.outputs;
  }
  return { summary, ports };
}

/**
 * The one node component: label, icon, family colour, plain-English summary, ports as
 * handles and the problem badge all come from the registry entry and the store slices of
 * this node, so editing another node never re-renders this one.
 */
function StepNodeView({ id, data, selected }: NodeProps<StepFlowNode>) {
  countRender(id);
  const far = useStore(farSelector);
  const def = nodeDef(data.type);
  const { summary, ports } = useMemo(
    () => (def ? describe(def, data.config) : { summary: data.type, ports: [] }),
    [def, data.config, data.type],
  );
  const problems = useEditor((s) => s.problemsByNode[id]);
  const trace = useEditor((s) => s.traceByNode[id]);
  const family = def?.family ?? "unknown";
  const classes = ["step-node", `family-${family}`];
  if (selected) classes.push("selected");
  if (problems?.length) classes.push("has-problems");
  if (trace) classes.push("lit");
  const label = `${def?.label ?? data.type}: ${summary}`;
  const problemText = problems?.length
    ? `${problems.length} ${problems.length === 1 ? "problem" : "problems"}`
    : "";
  if (far) {
    // Zoomed out: a plain coloured card (no text to paint), handles kept so edges stay put.
    classes.push("far");
    return (
      <div
        className={classes.join(" ")}
        data-testid="step-node"
        data-node-id={id}
        data-node-type={data.type}
        aria-label={problemText ? `${label} (${problemText})` : label}
      >
        {def?.inputs.map((p) => (
          <Handle key={p.id} id={p.id} type="target" position={Position.Left} />
        ))}
        {problemText ? (
          <span
            className="problem-dot"
            data-testid="node-problem-badge"
            title={problems?.map((p) => p.message).join("\n")}
          />
        ) : null}
        {ports.map((p, i) => (
          <Handle
            key={p.id}
            id={p.id}
            type="source"
            position={Position.Right}
            style={{ top: portTop(i, ports.length) }}
          />
        ))}
      </div>
    );
  }
  return (
    <div
      className={classes.join(" ")}
      data-testid="step-node"
      data-node-id={id}
      data-node-type={data.type}
      aria-label={label}
    >
      {def?.inputs.map((p) => (
        <Handle
          key={p.id}
          id={p.id}
          type="target"
          position={Position.Left}
          aria-label={`${p.label} input`}
        />
      ))}
      <div className="step-head">
        <span className="step-icon" aria-hidden="true">
          {glyph(def?.icon ?? "")}
        </span>
        <span className="step-label">{def?.label ?? `Unknown step ${data.type}`}</span>
        {problems?.length ? (
          <span
            className="problem-badge"
            data-testid="node-problem-badge"
            title={problems.map((p) => p.message).join("\n")}
          >
            {problemText}
          </span>
        ) : null}
      </div>
      <div className="step-summary" data-testid="node-summary">
        {summary}
      </div>
      {trace ? (
        <div className="step-trace" data-testid="node-trace">
          <strong>#{trace.order}</strong> {trace.why}
        </div>
      ) : null}
      {ports.length > 0 && (
        <div className="step-ports">
          {ports.map((p, i) => (
            <div key={p.id} className="step-port" style={{ top: portTop(i, ports.length) }}>
              {ports.length > 1 && <span className="port-label">{p.label}</span>}
              <Handle
                id={p.id}
                type="source"
                position={Position.Right}
                aria-label={`${p.label} output`}
              />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

const farSelector = (s: ReactFlowState) => isFar(s.transform[2]);

function portTop(i: number, n: number): string {
  return `${((i + 1) / (n + 1)) * 100}%`;
}

export const StepNode = memo(StepNodeView);
