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
  const docSeq = useEditor((s) => s.docSeq);
  useEffect(() => {
    if (!enabled) return;
    const timer = setTimeout(() => {
      const { nodes, edges, setProblems } = useEditor.getState();
      const result = compileWorkflow(toDocument(nodes, edges));
      setProblems(result.problems);
    }, COMPILE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [docSeq, enabled]);
}
