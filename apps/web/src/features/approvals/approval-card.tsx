import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link } from "react-router-dom";
import type { RouterOutputs } from "@partnerflow/api";
import { useTRPC } from "../../app/trpc.ts";
import { formatDateTime, humanize } from "../../shared/format.ts";
import { ErrorMessage } from "../../shared/query-state.tsx";

type Approval = RouterOutputs["approvals"]["list"]["items"][number];

/** One pending approval: what is asked, about whom, since when, until when; approve or reject. */
export function ApprovalCard({
  approval: a,
  partnerName,
  onDecided,
}: {
  approval: Approval;
  partnerName: string | null;
  onDecided: (message: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const commentId = useId();
  const headingId = useId();
  const [comment, setComment] = useState("");
  const decide = useMutation(
    trpc.approvals.decide.mutationOptions({
      onSuccess: async (_data, input) => {
        onDecided(
          input.decision === "approve"
            ? `Approved “${a.title}”: the run continues on its Approved path.`
            : `Rejected “${a.title}”: the run continues on its Rejected path.`,
        );
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.approvals.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.runs.pathKey() }),
        ]);
      },
    }),
  );
  const send = (decision: "approve" | "reject") =>
    decide.mutate({
      id: a.id,
      decision,
      ...(comment.trim() ? { comment: comment.trim() } : {}),
    });
  return (
    <li className="card approval-card" aria-labelledby={headingId} data-testid="approval">
      <h2 id={headingId}>{a.title}</h2>
      <dl className="kv">
        <dt>Partner</dt>
        <dd>
          {a.partnerId ? (
            <Link to={`/partners/${encodeURIComponent(a.partnerId)}`}>
              {partnerName ?? a.partnerId}
            </Link>
          ) : (
            "—"
          )}
        </dd>
        <dt>Workflow</dt>
        <dd>
          <Link to={`/workflows/${encodeURIComponent(a.workflowId)}`}>
            {a.workflowName ?? a.workflowId}
          </Link>{" "}
          ·{" "}
          <Link to={`/runs/${encodeURIComponent(a.runId)}`} aria-label={`View run: ${a.title}`}>
            View run
          </Link>
        </dd>
        <dt>Who decides</dt>
        <dd>{humanize(a.approverRole)}</dd>
        <dt>Waiting since</dt>
        <dd>{formatDateTime(a.createdAt)}</dd>
        <dt>Times out</dt>
        <dd>{a.dueAt ? formatDateTime(a.dueAt) : "Never"}</dd>
      </dl>
      <div className="field" style={{ marginTop: 12 }}>
        <label htmlFor={commentId}>Comment (optional)</label>
        <textarea
          id={commentId}
          value={comment}
          maxLength={2000}
          onChange={(e) => setComment(e.target.value)}
        />
      </div>
      <div className="actions-row" style={{ marginTop: 10 }}>
        <button
          type="button"
          className="button primary"
          disabled={decide.isPending}
          onClick={() => send("approve")}
          aria-label={`Approve: ${a.title}`}
        >
          Approve
        </button>
        <button
          type="button"
          className="button danger"
          disabled={decide.isPending}
          onClick={() => send("reject")}
          aria-label={`Reject: ${a.title}`}
        >
          Reject
        </button>
        {decide.isPending ? <span className="muted">Sending…</span> : null}
      </div>
      {decide.error ? (
        <ErrorMessage error={decide.error} title="Could not record the decision" />
      ) : null}
    </li>
  );
}
