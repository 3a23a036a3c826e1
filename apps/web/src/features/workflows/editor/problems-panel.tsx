import { nodeDef, type Problem } from "../lib/workflow-lib.ts";
import { isStep } from "./graph-model.ts";
import { useEditor } from "./store.ts";

/** Every compile problem; clicking one selects its node and focuses the field. */
export function ProblemsPanel() {
  const problems = useEditor((s) => s.problems);
  const focusProblem = useEditor((s) => s.focusProblem);
  if (problems.length === 0) {
    return (
      <section className="problems-panel ok" aria-label="Problems" data-testid="problems-panel">
        <span aria-hidden="true">✓</span> No problems — this workflow compiles.
      </section>
    );
  }
  return (
    <section className="problems-panel" aria-label="Problems" data-testid="problems-panel">
      <h2>
        {problems.length} {problems.length === 1 ? "problem" : "problems"}
      </h2>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            <button
              type="button"
              className="problem-item"
              data-testid="problem-item"
              disabled={!p.nodeId}
              onClick={() => focusProblem(p)}
            >
              <strong>{nodeLabel(p)}</strong>
              {p.path.length ? <span className="muted"> · {p.path.join(" › ")}</span> : null}:{" "}
              {p.message}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function nodeLabel(p: Problem): string {
  if (!p.nodeId) return "Workflow";
  const node = useEditor.getState().nodes.find((n) => n.id === p.nodeId);
  return node && isStep(node) ? (nodeDef(node.data.type)?.label ?? node.data.type) : p.nodeId;
}
