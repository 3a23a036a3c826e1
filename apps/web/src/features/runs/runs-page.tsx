import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { useTRPC, useTRPCClient } from "../../app/trpc.ts";
import { EmptyState } from "../../shared/empty-state.tsx";
import { formatDateTime } from "../../shared/format.ts";
import { ErrorMessage, Loading, PageHeader } from "../../shared/query-state.tsx";
import { usePartnerNames } from "../../shared/use-partner-names.ts";
import { RunStatusBadge } from "./run-status-badge.tsx";
import { formatDuration, runDuration, triggerLabel } from "./run-format.ts";
import { RunFiltersBar, runListInput, useRunFilters } from "./run-filters.tsx";
import "./runs.css";
import { TableFooter } from "../../shared/table-footer.tsx";

const PAGE_SIZE = 50;
const LIVE_REFRESH_MS = 5_000;

/** Every run of every workflow, newest first, filtered by workflow, version, status, partner, day. */
export function RunsPage() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [filters, setFilter] = useRunFilters();
  const input = { ...runListInput(filters), limit: PAGE_SIZE };
  // Paged by hand: tRPC's infinite helper adds a `direction` key the strict input refuses.
  const query = useInfiniteQuery({
    queryKey: trpc.runs.list.infiniteQueryKey(input),
    queryFn: ({ pageParam, signal }) =>
      client.runs.list.query({ ...input, cursor: pageParam }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    // The list follows the runtime on its own while the tab is visible; once someone has paged
    // far down, refreshing every page would be costly and move rows under their eyes.
    refetchInterval: (q) => ((q.state.data?.pages.length ?? 0) <= 2 ? LIVE_REFRESH_MS : false),
  });
  const partnerNames = usePartnerNames();
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const now = new Date();

  return (
    <>
      <PageHeader
        title="Runs"
        subtitle="Every execution of a published workflow, with its step-by-step trace; the list refreshes every few seconds"
        actions={
          <button
            type="button"
            className="button"
            onClick={() => void query.refetch()}
            disabled={query.isFetching}
          >
            {query.isFetching && !query.isPending ? "Refreshing…" : "Refresh"}
          </button>
        }
      />
      <RunFiltersBar filters={filters} onChange={setFilter} />
      {query.isPending ? (
        <Loading label="Loading runs…" />
      ) : query.isError ? (
        <ErrorMessage
          error={query.error}
          title="Could not load runs"
          onRetry={() => void query.refetch()}
        />
      ) : rows.length === 0 ? (
        <EmptyState title="No runs match">
          <p>
            Runs appear when an active workflow&apos;s trigger fires. Publish and activate a
            workflow, or clear the filters.
          </p>
        </EmptyState>
      ) : (
        <div className="table-wrap" aria-busy={query.isFetching}>
          <table className="table">
            <caption className="visually-hidden">Runs</caption>
            <thead>
              <tr>
                <th scope="col">Workflow</th>
                <th scope="col">Partner</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col" className="num">
                  Duration
                </th>
                <th scope="col">Trigger</th>
                <th scope="col">
                  <span className="visually-hidden">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="run-row">
                  <th scope="row">
                    <Link to={`/workflows/${encodeURIComponent(r.workflowId)}`}>
                      {r.workflowName ?? r.workflowId}
                    </Link>{" "}
                    <span className="muted">v{r.version}</span>
                  </th>
                  <td>
                    {r.partnerId ? (
                      <Link to={`/partners/${encodeURIComponent(r.partnerId)}`}>
                        {partnerNames.get(r.partnerId) ?? r.partnerId}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td>
                    <RunStatusBadge status={r.status} />
                  </td>
                  <td>
                    <time dateTime={r.createdAt}>{formatDateTime(r.createdAt)}</time>
                  </td>
                  <td className="num">
                    {formatDuration(runDuration(r.createdAt, r.finishedAt, now))}
                  </td>
                  <td>{triggerLabel(r.triggerEvent, r.triggerKey)}</td>
                  <td>
                    <Link
                      to={`/runs/${encodeURIComponent(r.id)}`}
                      aria-label={`View run of ${r.workflowName ?? r.workflowId}${r.partnerId ? ` for ${partnerNames.get(r.partnerId) ?? r.partnerId}` : ""}, started ${formatDateTime(r.createdAt)}`}
                    >
                      View run
                    </Link>
                  </td>
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
