import { memo, useMemo, useState } from "react";
import { FAMILIES, NODE_TYPES, STEP_KINDS, type NodeDef } from "../lib/workflow-lib.ts";
import { FAMILY_LABELS, glyph } from "./node-look.ts";

/** The drag payload type: the node type id travels in the drop event. */
export const DRAG_MIME = "application/x-partnerflow-step";

const ALL_DEFS = STEP_KINDS.map((k) => NODE_TYPES[k] as unknown as NodeDef);

/**
 * Every node type of the registry, grouped by family with its description; search filters
 * by label and description. Drag onto the canvas, or click (or Enter) to add next to the
 * selection.
 */
export const Palette = memo(function Palette(props: { onAdd: (type: string) => void }) {
  const [query, setQuery] = useState("");
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const hits = q
      ? ALL_DEFS.filter((d) => `${d.label} ${d.description} ${d.type}`.toLowerCase().includes(q))
      : ALL_DEFS;
    return FAMILIES.map((f) => ({ family: f, defs: hits.filter((d) => d.family === f) })).filter(
      (g) => g.defs.length,
    );
  }, [query]);
  return (
    <aside className="palette" aria-label="Steps palette">
      <label htmlFor="palette-search" className="visually-hidden">
        Search steps
      </label>
      <input
        id="palette-search"
        type="search"
        placeholder="Search steps…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {groups.map((g) => (
        <section key={g.family} aria-labelledby={`palette-${g.family}`}>
          <h3 id={`palette-${g.family}`} className={`palette-family family-${g.family}`}>
            {FAMILY_LABELS[g.family]}
          </h3>
          <ul>
            {g.defs.map((d) => (
              <li key={d.type}>
                <button
                  type="button"
                  className={`palette-item family-${d.family}`}
                  draggable
                  data-testid="palette-item"
                  data-type={d.type}
                  aria-label={`Add ${d.label}`}
                  title={d.description}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(DRAG_MIME, d.type);
                    e.dataTransfer.effectAllowed = "move";
                  }}
                  onClick={() => props.onAdd(d.type)}
                >
                  <span className="step-icon" aria-hidden="true">
                    {glyph(d.icon)}
                  </span>
                  <span>
                    <span className="palette-label">{d.label}</span>
                    <span className="palette-desc">{d.description}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {groups.length === 0 && <p className="muted">No step matches “{query}”.</p>}
    </aside>
  );
});
