import { memo } from "react";
import { NodeResizer, type NodeProps } from "@xyflow/react";
import type { NoteFlowNode } from "./graph-model.ts";
import { useEditor } from "./store.ts";

/** A sticky note: free text on the canvas, saved in the graph's `notes`, never compiled. */
function NoteNodeView({ id, data, selected }: NodeProps<NoteFlowNode>) {
  const updateNote = useEditor((s) => s.updateNote);
  return (
    <div className="note-node">
      <NodeResizer isVisible={Boolean(selected)} minWidth={120} minHeight={60} />
      <textarea
        className="nodrag"
        aria-label="Sticky note"
        placeholder="Write a note…"
        value={data.text}
        onChange={(e) => updateNote(id, e.target.value)}
      />
    </div>
  );
}

export const NoteNode = memo(NoteNodeView);
