import { nodeDef, TEMPLATES, type WorkflowTemplate } from "../lib/workflow-lib.ts";

const FAMILY_FILL: Record<string, string> = {
  trigger: "#f59e0b",
  logic: "#6366f1",
  action: "#10b981",
};

/** A thumbnail of a template's graph: boxes at the nodes' positions, lines for edges. */
export function GraphPreview({ template }: { template: WorkflowTemplate }) {
  const { nodes, edges } = template.graph;
  if (nodes.length === 0) return null;
  const xs = nodes.map((n) => n.position.x);
  const ys = nodes.map((n) => n.position.y);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const w = Math.max(...xs) - minX + 200;
  const h = Math.max(...ys) - minY + 100;
  const at = new Map(nodes.map((n) => [n.id, { x: n.position.x - minX, y: n.position.y - minY }]));
  return (
    <svg
      className="graph-preview"
      viewBox={`-20 -20 ${w + 40} ${h + 40}`}
      role="img"
      aria-label={`Preview: ${nodes.length} steps`}
    >
      {edges.map((e) => {
        const a = at.get(e.source);
        const b = at.get(e.target);
        return a && b ? (
          <line
            key={e.id}
            x1={a.x + 180}
            y1={a.y + 40}
            x2={b.x}
            y2={b.y + 40}
            stroke="#94a3b8"
            strokeWidth={8}
          />
        ) : null;
      })}
      {nodes.map((n) => {
        const p = at.get(n.id)!;
        return (
          <rect
            key={n.id}
            x={p.x}
            y={p.y}
            width={180}
            height={80}
            rx={14}
            fill={FAMILY_FILL[nodeDef(n.type)?.family ?? ""] ?? "#64748b"}
          />
        );
      })}
    </svg>
  );
}

/** The twelve scenarios as starting points: name, description, preview, "Use template". */
export function TemplateGallery(props: { onUse: (t: WorkflowTemplate) => void; busy: boolean }) {
  return (
    <section aria-labelledby="gallery-title" className="template-gallery">
      <h2 id="gallery-title">Start from a template</h2>
      <ul className="template-grid">
        {TEMPLATES.map((t) => (
          <li
            key={t.id}
            className="template-card"
            data-testid="template-card"
            data-template-id={t.id}
          >
            <GraphPreview template={t} />
            <h3>{t.name}</h3>
            <p className="muted">{t.description}</p>
            <button
              type="button"
              disabled={props.busy}
              onClick={() => props.onUse(t)}
              aria-label={`Use template ${t.name}`}
            >
              Use template
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
