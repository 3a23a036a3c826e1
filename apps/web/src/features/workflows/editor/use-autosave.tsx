import { useEffect, useRef } from "react";
import { create } from "zustand";
import { TRPCClientError } from "@trpc/client";
import { useTRPCClient } from "../../../app/trpc.ts";
import { toDocument } from "./graph-model.ts";
import { useEditor } from "./store.ts";

export const AUTOSAVE_DEBOUNCE_MS = 800;

export type SaveStatus = "saved" | "unsaved" | "saving" | "conflict" | "error";

interface SaveState {
  status: SaveStatus;
  message: string;
  revision: number;
  /** The docSeq the server has (saves are acknowledged per sequence number). */
  savedSeq: number;
  reset: (revision: number) => void;
}

/** Draft save state, shown by the indicator and read by publish (which needs a saved draft). */
export const useSaveState = create<SaveState>()((set) => ({
  status: "saved",
  message: "",
  revision: 0,
  savedSeq: 0,
  reset: (revision) => set({ status: "saved", message: "", revision, savedSeq: 0 }),
}));

function isConflict(err: unknown): boolean {
  return (
    err instanceof TRPCClientError &&
    (err.data as { code?: string } | undefined)?.code === "CONFLICT"
  );
}

/**
 * Saves the draft after a pause in editing, with the revision it was loaded at: the server
 * refuses a save based on a stale revision (another tab saved first), and then nothing is
 * saved again until the user reloads — never a silent overwrite.
 */
export function useAutosave(workflowId: string): { flush(): Promise<boolean> } {
  const client = useTRPCClient();
  const inFlight = useRef<Promise<boolean> | null>(null);

  const save = useRef<() => Promise<boolean>>(() => Promise.resolve(false));
  save.current = async () => {
    const st = useSaveState.getState();
    if (st.status === "conflict") return false;
    const { nodes, edges, docSeq: seq } = useEditor.getState();
    if (seq === st.savedSeq) return true;
    useSaveState.setState({ status: "saving" });
    try {
      const { revision } = await client.workflows.saveDraft.mutate({
        id: workflowId,
        graph: toDocument(nodes, edges),
        baseRevision: st.revision,
      });
      const now = useEditor.getState().docSeq;
      useSaveState.setState({
        revision,
        savedSeq: seq,
        status: now === seq ? "saved" : "unsaved",
        message: "",
      });
      return true;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      useSaveState.setState({ status: isConflict(err) ? "conflict" : "error", message });
      return false;
    }
  };

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onChange = (docSeq: number) => {
      const st = useSaveState.getState();
      clearTimeout(timer);
      if (docSeq === st.savedSeq || st.status === "conflict") return;
      if (st.status !== "saving") useSaveState.setState({ status: "unsaved" });
      timer = setTimeout(() => {
        const run = async () => {
          if (inFlight.current) await inFlight.current;
          inFlight.current = save.current();
          await inFlight.current;
          inFlight.current = null;
        };
        void run();
      }, AUTOSAVE_DEBOUNCE_MS);
    };
    // A store subscription, not a selector: the page does not re-render on every change
    // (dragging a node bumps docSeq on every frame).
    const unsubscribe = useEditor.subscribe((s, prev) => {
      if (s.docSeq !== prev.docSeq) onChange(s.docSeq);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, []);

  return {
    async flush() {
      if (inFlight.current) await inFlight.current;
      return save.current();
    },
  };
}

/** "All changes saved" / "Unsaved changes" / "Saving…" / conflict and error messages. */
export function SaveIndicator(props: { onReload: () => void }) {
  const { status, message } = useSaveState();
  if (status === "conflict") {
    return (
      <div className="save-conflict" role="alert" data-testid="save-status" data-status={status}>
        {message || "This draft was changed elsewhere."} Your latest edits are not saved.{" "}
        <button type="button" onClick={props.onReload}>
          Reload
        </button>
      </div>
    );
  }
  const text = {
    saved: "All changes saved",
    unsaved: "Unsaved changes",
    saving: "Saving…",
    error: `Save failed: ${message}`,
  }[status];
  return (
    <span
      className={`save-status status-${status}`}
      role="status"
      data-testid="save-status"
      data-status={status}
    >
      {text}
    </span>
  );
}
