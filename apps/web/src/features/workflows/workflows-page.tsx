import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import "./workflows.css";
import { useTRPC } from "../../app/trpc.ts";
import { StatusBadge } from "../../shared/badges.tsx";
import { EmptyState } from "../../shared/empty-state.tsx";
import { formatDateTime, formatNumber } from "../../shared/format.ts";
import { ErrorMessage, Loading, PageHeader } from "../../shared/query-state.tsx";
import { useDebouncedValue } from "../../shared/use-debounced-value.ts";
import type { WorkflowTemplate } from "./lib/workflow-lib.ts";
import { TemplateGallery } from "./list/template-gallery.tsx";

/** /workflows — every workflow with its health, search, create (blank or template), duplicate, archive. */
export function WorkflowsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [search, setSearch] = useState("");
  const [name, setName] = useState("");
  const [showGallery, setShowGallery] = useState(false);
  const term = useDebouncedValue(search.trim(), 250);
  const list = useQuery(trpc.workflows.list.queryOptions({ search: term || undefined }));
  const invalidate = () =>
    queryClient.invalidateQueries({ queryKey: trpc.workflows.list.pathKey() });
  const create = useMutation(
    trpc.workflows.create.mutationOptions({
      onSuccess: async ({ id }) => {
        await invalidate();
        void navigate(`/workflows/${id}`);
      },
    }),
  );
  const duplicate = useMutation(
    trpc.workflows.duplicate.mutationOptions({ onSuccess: invalidate }),
  );
  const archive = useMutation(trpc.workflows.archive.mutationOptions({ onSuccess: invalidate }));
  const fromTemplate = (t: WorkflowTemplate) =>
    create.mutate({ name: t.name, description: t.description, templateId: t.id });
  const busy = create.isPending;

  return (
    <div className="workflows-page">
      <PageHeader
        title="Workflows"
        subtitle="Trigger → condition → action automations for your partner program."
      />
      <form
        className="create-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) create.mutate({ name: name.trim() });
        }}
      >
        <label htmlFor="new-workflow-name">New workflow name</label>
        <input
          id="new-workflow-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="e.g. Quarterly sales milestone"
        />
        <button type="submit" className="primary" disabled={busy || !name.trim()}>
          Create blank
        </button>
        <button type="button" onClick={() => setShowGallery((s) => !s)} aria-expanded={showGallery}>
          {showGallery ? "Hide templates" : "Browse templates"}
        </button>
      </form>
      {create.isError && (
        <ErrorMessage error={create.error} title="Could not create the workflow" />
      )}
      {showGallery && <TemplateGallery onUse={fromTemplate} busy={busy} />}
      <div className="field-row search-row">
        <label htmlFor="workflow-search">Search</label>
        <input
          id="workflow-search"
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="Name or description"
        />
      </div>
      {list.isPending ? (
        <Loading label="Loading workflows…" />
      ) : list.isError ? (
        <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <EmptyState title={term ? `No workflow matches “${term}”` : "No workflows yet"}>
          <p>Create a blank workflow or start from one of the templates.</p>
        </EmptyState>
      ) : (
        <table className="data-table workflows-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Active version</th>
              <th scope="col">Last run</th>
              <th scope="col">Runs (24 h)</th>
              <th scope="col">Failures (24 h)</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((w) => (
              <tr key={w.id} data-testid="workflow-row">
                <td>
                  <Link to={`/workflows/${w.id}`}>{w.name}</Link>
                  {w.description ? <div className="muted small">{w.description}</div> : null}
                </td>
                <td>
                  <StatusBadge status={w.status} />
                </td>
                <td>{w.activeVersion ? `v${w.activeVersion}` : "—"}</td>
                <td>{w.lastRunAt ? formatDateTime(w.lastRunAt) : "never"}</td>
                <td>{formatNumber(w.runs24h)}</td>
                <td className={w.failures24h ? "danger" : undefined}>
                  {formatNumber(w.failures24h)}
                </td>
                <td className="row-actions">
                  <button
                    type="button"
                    onClick={() => duplicate.mutate({ id: w.id })}
                    aria-label={`Duplicate ${w.name}`}
                  >
                    Duplicate
                  </button>
                  {w.status !== "archived" && (
                    <button
                      type="button"
                      onClick={() =>
                        window.confirm(
                          `Archive “${w.name}”? It stops running and leaves the list.`,
                        ) && archive.mutate({ id: w.id })
                      }
                      aria-label={`Archive ${w.name}`}
                    >
                      Archive
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
