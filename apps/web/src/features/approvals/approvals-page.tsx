import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { useTRPC, useTRPCClient } from "../../app/trpc.ts";
import { EmptyState } from "../../shared/empty-state.tsx";
import { formatDateTime } from "../../shared/format.ts";
import { ErrorMessage, Loading, PageHeader } from "../../shared/query-state.tsx";
import { TableFooter } from "../../shared/table-footer.tsx";
import { usePartnerNames } from "../../shared/use-partner-names.ts";
import { RunStatusBadge } from "../runs/run-status-badge.tsx";
import { ApprovalCard } from "./approval-card.tsx";
import "../runs/runs.css";

const PAGE_SIZE = 50;

const VIEWS = [
  { id: "pending", label: "Pending" },
  { id: "decided", label: "Decided" },
] as const;

/** The Approvals inbox: runs parked on a human decision, and the decisions already made. */
export function ApprovalsPage() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [params] = useSearchParams();
  const view = params.get("view") === "decided" ? "decided" : "pending";
  const input = { view, limit: PAGE_SIZE } as const;
  // Paged by hand: tRPC's infinite helper adds a `direction` key the strict input refuses.
  // No placeholder data: the key changes only with the tab, and the previous tab's rows
  // (pending requests) must never show under "Decided" while the new tab loads.
  const query = useInfiniteQuery({
    queryKey: trpc.approvals.list.infiniteQueryKey(input),
    queryFn: ({ pageParam, signal }) =>
      client.approvals.list.query({ ...input, cursor: pageParam }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // New requests arrive while the inbox is open; a light poll of the first page shows them
    // without a reload (not once someone has paged further down).
    refetchInterval: (q) =>
      view === "pending" && (q.state.data?.pages.length ?? 0) <= 1 ? 10_000 : false,
  });
  const partnerNames = usePartnerNames();
  const [notice, setNotice] = useState<string | null>(null);
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title="Approvals"
        subtitle="Runs waiting for a person to approve or reject; the run continues on the matching path"
      />
      <nav className="tabs" aria-label="Approval views">
        {VIEWS.map((v) => (
          <Link
            key={v.id}
            className="tab"
            to={v.id === "pending" ? "/approvals" : "/approvals?view=decided"}
            aria-current={view === v.id ? "page" : undefined}
            onClick={() => setNotice(null)}
          >
            {v.label}
          </Link>
        ))}
      </nav>
      <div role="status" aria-live="polite">
        {notice ? <p className="notice">{notice}</p> : null}
      </div>
      {query.isPending ? (
        <Loading label="Loading approvals…" />
      ) : query.isError ? (
        <ErrorMessage
          error={query.error}
          title="Could not load approvals"
          onRetry={() => void query.refetch()}
        />
      ) : rows.length === 0 ? (
        <EmptyState
          title={view === "pending" ? "Nothing waits for a decision" : "No decisions yet"}
        >
          <p>
            {view === "pending"
              ? "Runs that reach an approval step appear here until someone decides or the step times out."
              : "Approved, rejected and timed-out approvals appear here."}
          </p>
        </EmptyState>
      ) : view === "pending" ? (
        <>
          <ul className="approval-list" aria-label="Pending approvals">
            {rows.map((a) => (
              <ApprovalCard
                key={a.id}
                approval={a}
                partnerName={a.partnerId ? (partnerNames.get(a.partnerId) ?? null) : null}
                onDecided={setNotice}
              />
            ))}
          </ul>
          <TableFooter shown={rows.length} pages={query} />
        </>
      ) : (
        <div className="table-wrap" aria-busy={query.isFetching}>
          <table className="table">
            <caption className="visually-hidden">Decided approvals</caption>
            <thead>
              <tr>
                <th scope="col">Asked</th>
                <th scope="col">Partner</th>
                <th scope="col">Workflow</th>
                <th scope="col">Decision</th>
                <th scope="col">By</th>
                <th scope="col">Comment</th>
                <th scope="col">Decided</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id} data-testid="decided-approval">
                  <th scope="row" className="wrap">
                    <Link to={`/runs/${encodeURIComponent(a.runId)}`}>{a.title}</Link>
                  </th>
                  <td>
                    {a.partnerId ? (
                      <Link to={`/partners/${encodeURIComponent(a.partnerId)}`}>
                        {partnerNames.get(a.partnerId) ?? a.partnerId}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td>
                    <Link to={`/workflows/${encodeURIComponent(a.workflowId)}`}>
                      {a.workflowName ?? a.workflowId}
                    </Link>
                  </td>
                  <td>
                    <RunStatusBadge status={a.status} />
                  </td>
                  <td>{a.decidedBy ?? "—"}</td>
                  <td className="wrap">{a.comment ?? "—"}</td>
                  <td>{formatDateTime(a.decidedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <TableFooter shown={rows.length} pages={query} />
        </div>
      )}
    </>
  );
}
