import { useEffect } from "react";
import { useReactFlow } from "@xyflow/react";
import { useEditor } from "./store.ts";

/** Keyboard shortcuts: the help sheet lists the same table the handler reads. */
export const SHORTCUTS: readonly { keys: string; what: string }[] = [
  { keys: "Ctrl+Z", what: "Undo" },
  { keys: "Ctrl+Shift+Z / Ctrl+Y", what: "Redo" },
  { keys: "Ctrl+C / Ctrl+V", what: "Copy / paste the selection" },
  { keys: "Ctrl+D", what: "Duplicate the selection" },
  { keys: "Ctrl+A", what: "Select everything" },
  { keys: "Delete / Backspace", what: "Delete the selection" },
  { keys: "Shift+drag, Ctrl+click", what: "Select several steps" },
  { keys: "Shift+L", what: "Auto-layout" },
  { keys: "Shift+F", what: "Fit the workflow in view" },
  { keys: "N", what: "Add a sticky note" },
  { keys: "?", what: "Show this help" },
  { keys: "Esc", what: "Close dialogs" },
];

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement &&
  (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));

/** Global editor shortcuts; ignored while the user types in a field. */
export function useShortcuts(onHelp: () => void): void {
  const flow = useReactFlow();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target)) return;
      const s = useEditor.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const run = (fn: () => void) => {
        e.preventDefault();
        fn();
      };
      if (mod && key === "z") return run(e.shiftKey ? s.redo : s.undo);
      if (mod && key === "y") return run(s.redo);
      if (mod && key === "c") return run(s.copySelection);
      if (mod && key === "v") return run(() => s.paste());
      if (mod && key === "d") return run(s.duplicateSelection);
      if (mod && key === "a") return run(s.selectAll);
      if (mod) return;
      if (e.shiftKey && key === "l") return run(s.layout);
      if (e.shiftKey && key === "f") return run(() => void flow.fitView({ duration: 200 }));
      if (e.key === "?") return run(onHelp);
      if (key === "n" && !e.shiftKey) {
        return run(() => {
          const { x, y, zoom } = flow.getViewport();
          s.addNote({ x: (-x + 80) / zoom, y: (-y + 80) / zoom });
        });
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [flow, onHelp]);
}

/** The shortcuts help sheet (a modal dialog). */
export function ShortcutsHelp(props: { open: boolean; onClose: () => void }) {
  if (!props.open) return null;
  return (
    <div className="modal-backdrop" onClick={props.onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        className="modal"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === "Escape" && props.onClose()}
      >
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <table className="shortcuts">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <th scope="row">
                  <kbd>{s.keys}</kbd>
                </th>
                <td>{s.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" autoFocus onClick={props.onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
