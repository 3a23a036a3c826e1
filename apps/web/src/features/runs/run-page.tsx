import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router-dom";
import { useTRPC } from "../../app/trpc.ts";
import { EmptyState } from "../../shared/empty-state.tsx";
import { formatDateTime, humanize } from "../../shared/format.ts";
import { ErrorMessage, Loading, PageHeader } from "../../shared/query-state.tsx";
import { usePartnerNames } from "../../shared/use-partner-names.ts";
import { RunActions } from "./run-actions.tsx";
import { formatDuration, runDuration, triggerLabel } from "./run-format.ts";
import { RunStatusBadge } from "./run-status-badge.tsx";
import { RunTrace } from "./run-trace.tsx";
import "./runs.css";

function isNotFound(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { data?: { code?: string } | null }).data?.code === "NOT_FOUND"
  );
}

/** A stored run error (a RunError or a runtime failure) as one readable line. */
function errorText(error: Record<string, unknown>): string {
  const message = typeof error.message === "string" ? error.message : JSON.stringify(error);
  return typeof error.code === "string" ? `${humanize(error.code)}: ${message}` : message;
}

/** While a run is moving (queued or running) its page follows it. */
const LIVE = new Set(["queued", "running"]);

/** One run: what started it, where it is, its step trace, approvals, messages and actions. */
export function RunPage() {
  const { id = "" } = useParams();
  const trpc = useTRPC();
  const query = useQuery(
    trpc.runs.get.queryOptions(
      { id },
      { refetchInterval: (q) => (q.state.data && LIVE.has(q.state.data.status) ? 1000 : false) },
    ),
  );
  const partnerNames = usePartnerNames();

  if (query.isPending) return <Loading label="Loading run…" />;
  if (query.isError) {
    if (isNotFound(query.error)) {
      return (
        <EmptyState title="Run not found">
          <p>
            No run has the id “{id}”. <Link to="/runs">Back to all runs</Link>.
          </p>
        </EmptyState>
      );
    }
    return (
      <ErrorMessage
        error={query.error}
        title="Could not load this run"
        onRetry={() => void query.refetch()}
      />
    );
  }
  const run = query.data;
  const workflowName = run.workflowName ?? run.workflowId;
  const partnerName = run.partnerId ? (partnerNames.get(run.partnerId) ?? run.partnerId) : null;
  return (
    <>
      <Link className="back-link" to="/runs">
        ← All runs
      </Link>
      <PageHeader
        title={`Run of ${workflowName}`}
        subtitle={<RunStatusBadge status={run.status} />}
        actions={<RunActions id={run.id} status={run.status} />}
      />
      <div className="grid-2">
        <section className="card" aria-labelledby="run-summary">
          <h2 id="run-summary">Summary</h2>
          <dl className="kv">
            <dt>Workflow</dt>
            <dd>
              <Link to={`/workflows/${encodeURIComponent(run.workflowId)}`}>{workflowName}</Link>{" "}
              <span className="muted">v{run.version}</span>
            </dd>
            <dt>Partner</dt>
            <dd>
              {run.partnerId ? (
                <Link to={`/partners/${encodeURIComponent(run.partnerId)}`}>{partnerName}</Link>
              ) : (
                "—"
              )}
            </dd>
            <dt>Trigger</dt>
            <dd>{triggerLabel(run.triggerEvent, run.triggerKey)}</dd>
            <dt>Started</dt>
            <dd>{formatDateTime(run.createdAt)}</dd>
            <dt>Finished</dt>
            <dd>{formatDateTime(run.finishedAt)}</dd>
            <dt>Duration</dt>
            <dd>{formatDuration(runDuration(run.createdAt, run.finishedAt))}</dd>
            <dt>Attempts</dt>
            <dd>{run.attempts}</dd>
            {run.status === "parked" && run.dueAt ? (
              <>
                <dt>Wakes by</dt>
                <dd>{formatDateTime(run.dueAt)}</dd>
              </>
            ) : null}
          </dl>
          {run.error ? (
            <div className="error-box" role="note" data-testid="run-error">
              <strong>Why it stopped</strong>
              <p>{errorText(run.error)}</p>
            </div>
          ) : null}
        </section>
        <section className="card" aria-labelledby="run-related">
          <h2 id="run-related">Approvals and messages</h2>
          {run.approvals.length === 0 && run.outbox.length === 0 ? (
            <p className="muted">This run asked no one and sent nothing.</p>
          ) : (
            <ul className="effects">
              {run.approvals.map((a) => (
                <li key={a.id}>
                  Approval “{a.title}”: <RunStatusBadge status={a.status} />
                  {a.status === "pending" ? (
                    <>
                      {" "}
                      <Link to="/approvals">Decide in the inbox</Link>
                    </>
                  ) : a.decidedBy ? (
                    <span className="muted"> by {a.decidedBy}</span>
                  ) : null}
                </li>
              ))}
              {run.outbox.map((m) => (
                <li key={m.id}>
                  {humanize(m.channel)}{" "}
                  {typeof m.payload.subject === "string" ? `“${m.payload.subject}” ` : ""}
                  <RunStatusBadge status={m.status} />{" "}
                  <Link to={`/outbox?message=${m.id}`}>Read in the outbox</Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <section aria-labelledby="run-steps" className="stack" style={{ marginTop: 20 }}>
        <h2 id="run-steps">Steps</h2>
        <RunTrace run={run} />
      </section>
    </>
  );
}
