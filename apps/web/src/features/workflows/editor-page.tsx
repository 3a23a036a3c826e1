import { useCallback, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import "./workflows.css";
import { useTRPC, useTRPCClient } from "../../app/trpc.ts";
import { ErrorMessage, Loading } from "../../shared/query-state.tsx";
import { StatusBadge } from "../../shared/badges.tsx";
import type { RouterOutputs } from "@partnerflow/api";
import { GraphDocument } from "./lib/workflow-lib.ts";
import { Canvas } from "./editor/canvas.tsx";
import { Palette } from "./editor/palette.tsx";
import { ProblemsPanel } from "./editor/problems-panel.tsx";
import { PublishDialog } from "./editor/publish-dialog.tsx";
import { ShortcutsHelp, useShortcuts } from "./editor/shortcuts.tsx";
import { SidePanel } from "./editor/side-panel.tsx";
import { useEditor } from "./editor/store.ts";
import { TestPanel } from "./editor/test-panel.tsx";
import { SaveIndicator, useAutosave, useSaveState } from "./editor/use-autosave.tsx";
import { useLiveCompile } from "./editor/use-live-compile.ts";

type Workflow = RouterOutputs["workflows"]["get"];

/** /workflows/:id — the canvas editor for one workflow's draft. */
export function WorkflowEditorPage() {
  const { id = "" } = useParams();
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.workflows.get.queryOptions({ id }), staleTime: Infinity });
  if (query.isPending) return <Loading label="Loading workflow…" />;
  if (query.isError)
    return <ErrorMessage error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <ReactFlowProvider>
      <Editor key={query.data.id} workflow={query.data} />
    </ReactFlowProvider>
  );
}

function Editor({ workflow }: { workflow: Workflow }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const flow = useReactFlow();
  const [help, setHelp] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [testing, setTesting] = useState(false);
  const [notice, setNotice] = useState("");

  const load = useCallback((wf: Workflow) => {
    const parsed = GraphDocument.safeParse(wf.draft);
    useEditor.getState().load(parsed.success ? parsed.data : { nodes: [], edges: [], notes: [] });
    useSaveState.getState().reset(wf.draftRevision);
  }, []);
  // Load before the first render of the canvas, so React Flow fits the view to the real
  // nodes; later refetches (after publish/activate) must not replace the draft being edited.
  const [loaded] = useState(() => {
    load(workflow);
    return true;
  });

  useLiveCompile(loaded);
  const autosave = useAutosave(workflow.id);
  useShortcuts(useCallback(() => setHelp(true), []));
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const connectError = useEditor((s) => s.lastConnectError);

  const reload = async () => {
    const fresh = await queryClient.fetchQuery({
      ...trpc.workflows.get.queryOptions({ id: workflow.id }),
      staleTime: 0,
    });
    load(fresh);
    requestAnimationFrame(() => void flow.fitView());
  };
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });

  const publish = async (note: string) => {
    if (!(await autosave.flush()))
      throw new Error("The draft could not be saved; resolve that first.");
    const r = await client.workflows.publish.mutate({ id: workflow.id, note });
    setNotice(`Published version ${r.version}.`);
    await refresh();
  };
  const latest = workflow.versions.reduce((m, v) => Math.max(m, v.version), 0);
  const activate = async () => {
    await client.workflows.activate.mutate({ id: workflow.id, version: latest });
    setNotice(`Version ${latest} is active.`);
    await refresh();
  };
  const deactivate = async () => {
    await client.workflows.deactivate.mutate({ id: workflow.id });
    setNotice("Deactivated: no new runs start.");
    await refresh();
  };
  const addStepNearSelection = useCallback(
    (type: string) => {
      const s = useEditor.getState();
      const sel = s.nodes.filter((n) => n.selected).at(-1);
      const { x, y, zoom } = flow.getViewport();
      const pos = sel
        ? { x: sel.position.x + 300, y: sel.position.y }
        : { x: (-x + 200) / zoom, y: (-y + 120) / zoom };
      s.addStep(type, pos);
      // Bring the new step into view: it may land off-screen, and off-screen nodes are not drawn.
      void flow.setCenter(pos.x + 120, pos.y + 50, { zoom: Math.max(zoom, 0.8) });
    },
    [flow],
  );

  return (
    <div className="editor">
      <header className="editor-bar">
        <Link to="/workflows" className="link-button">
          ← Workflows
        </Link>
        <h1>{workflow.name}</h1>
        <StatusBadge status={workflow.status} />
        <span className="badge version-badge" data-testid="version-badge">
          {workflow.activeVersion
            ? `v${workflow.activeVersion} active`
            : latest
              ? `v${latest} published`
              : "never published"}
        </span>
        <SaveIndicator onReload={() => void reload()} />
        <span className="spacer" />
        <div role="toolbar" aria-label="Editor tools" className="toolbar">
          <button
            type="button"
            onClick={() => useEditor.getState().undo()}
            disabled={!canUndo}
            title="Ctrl+Z"
          >
            Undo
          </button>
          <button
            type="button"
            onClick={() => useEditor.getState().redo()}
            disabled={!canRedo}
            title="Ctrl+Shift+Z"
          >
            Redo
          </button>
          <button type="button" onClick={() => useEditor.getState().layout()} title="Shift+L">
            Auto-layout
          </button>
          <button
            type="button"
            onClick={() => void flow.fitView({ duration: 200 })}
            title="Shift+F"
          >
            Fit view
          </button>
          <button
            type="button"
            onClick={() => {
              const { x, y, zoom } = flow.getViewport();
              useEditor.getState().addNote({ x: (-x + 80) / zoom, y: (-y + 80) / zoom });
            }}
            title="N"
          >
            Add note
          </button>
          <button
            type="button"
            onClick={() => setHelp(true)}
            aria-label="Keyboard shortcuts"
            title="?"
          >
            ?
          </button>
          <button type="button" onClick={() => setTesting((t) => !t)} aria-pressed={testing}>
            Test
          </button>
          <button type="button" className="primary" onClick={() => setPublishing(true)}>
            Publish
          </button>
          {workflow.status === "active" ? (
            <button type="button" onClick={() => void deactivate()}>
              Deactivate
            </button>
          ) : (
            <button type="button" onClick={() => void activate()} disabled={latest === 0}>
              Activate v{latest || "–"}
            </button>
          )}
        </div>
      </header>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {connectError && (
        <p className="notice warn" role="status">
          Cannot connect: {connectError}
        </p>
      )}
      <div className="editor-body">
        <Palette onAdd={addStepNearSelection} />
        <div className="editor-center">
          <Canvas />
          <ProblemsPanel />
        </div>
        <div className="editor-right">
          {testing ? <TestPanel onClose={() => setTesting(false)} /> : null}
          <SidePanel />
        </div>
      </div>
      <ShortcutsHelp open={help} onClose={() => setHelp(false)} />
      {publishing && <PublishDialog onPublish={publish} onClose={() => setPublishing(false)} />}
    </div>
  );
}
