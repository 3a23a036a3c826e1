import { useEffect } from "react";
import { compileWorkflow } from "../lib/workflow-lib.ts";
import { toDocument } from "./graph-model.ts";
import { useEditor } from "./store.ts";

/** How long the canvas waits after the last change before compiling (keeps typing smooth). */
export const COMPILE_DEBOUNCE_MS = 150;

/**
 * Runs the workflow compiler in the browser on every change (debounced) and publishes its
 * problems to the store: badges on nodes, the problems panel and inline field errors.
 */
export function useLiveCompile(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const { nodes, edges, setProblems } = useEditor.getState();
        setProblems(compileWorkflow(toDocument(nodes, edges)).problems);
      }, COMPILE_DEBOUNCE_MS);
    };
    schedule();
    // A store subscription, not a selector: the page does not re-render on every change
    // (dragging a node bumps docSeq on every frame).
    const unsubscribe = useEditor.subscribe((s, prev) => {
      if (s.docSeq !== prev.docSeq) schedule();
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [enabled]);
}
