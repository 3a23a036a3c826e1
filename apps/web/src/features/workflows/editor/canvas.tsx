import { useCallback, type DragEvent } from "react";
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  type IsValidConnection,
  type NodeTypes,
  type ReactFlowState,
} from "@xyflow/react";
import { useShallow } from "zustand/react/shallow";
import { connectionProblem } from "./connection-rules.ts";
import type { FlowEdge, FlowNode } from "./graph-model.ts";
import { isFar } from "./node-look.ts";
import { NoteNode } from "./note-node.tsx";
import { DRAG_MIME } from "./palette.tsx";
import { StepNode } from "./step-node.tsx";
import { useEditor } from "./store.ts";

/** Defined once at module scope (xyflow guidance): a new object per render remounts every node. */
const nodeTypes: NodeTypes = { step: StepNode, note: NoteNode };

const isValidConnection: IsValidConnection<FlowEdge> = (c) => {
  const s = useEditor.getState();
  return connectionProblem(c, s.nodes, s.edges) === null;
};

const farSelector = (s: ReactFlowState) => isFar(s.transform[2]);

const minimapColor = (n: FlowNode) => (n.type === "note" ? "#fde68a" : "#94a3b8");

/** The React Flow surface: nodes and edges from the editor store, drops from the palette. */
export function Canvas() {
  const { nodes, edges, onNodesChange, onEdgesChange, connect, checkpoint, addStep } = useEditor(
    useShallow((s) => ({
      nodes: s.nodes,
      edges: s.edges,
      onNodesChange: s.onNodesChange,
      onEdgesChange: s.onEdgesChange,
      connect: s.connect,
      checkpoint: s.checkpoint,
      addStep: s.addStep,
    })),
  );
  const { screenToFlowPosition } = useReactFlow();
  // Re-renders only when the zoom crosses the far threshold, never while panning.
  const far = useStore(farSelector);
  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(DRAG_MIME);
      if (!type) return;
      e.preventDefault();
      addStep(type, screenToFlowPosition({ x: e.clientX, y: e.clientY }));
    },
    [addStep, screenToFlowPosition],
  );
  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(DRAG_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = "move";
    }
  }, []);
  return (
    <div
      className={far ? "canvas far" : "canvas"}
      onDrop={onDrop}
      onDragOver={onDragOver}
      data-testid="canvas"
    >
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={connect}
        onNodeDragStart={checkpoint}
        onSelectionDragStart={checkpoint}
        isValidConnection={isValidConnection}
        deleteKeyCode={["Delete", "Backspace"]}
        multiSelectionKeyCode={["Shift", "Meta", "Control"]}
        selectionKeyCode="Shift"
        fitView
        fitViewOptions={{ maxZoom: 1, padding: 0.15 }}
        minZoom={0.1}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} />
        <MiniMap
          pannable
          zoomable
          style={{ width: 140, height: 90 }}
          nodeColor={minimapColor}
          ariaLabel="Mini map"
        />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
