import { useInfiniteQuery } from "@tanstack/react-query";
import { EVENT_TYPES, EVENT_TYPE_NAMES } from "@partnerflow/domain";
import { useSearchParams } from "react-router-dom";
import { Field } from "../../shared/field.tsx";
import { useTRPC, useTRPCClient } from "../../app/trpc.ts";
import { EmptyState } from "../../shared/empty-state.tsx";
import { EventList } from "../../shared/event-list.tsx";
import { usePartnerNames } from "../../shared/use-partner-names.ts";
import { ErrorMessage, Loading, PageHeader } from "../../shared/query-state.tsx";

const PAGE_SIZE = 50;

/** The program-wide feed of domain events, newest first, optionally one event type. */
export function ActivityPage() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const type = params.get("type") ?? "";
  const client = useTRPCClient();
  const input = { limit: PAGE_SIZE, ...(type ? { type } : {}) };
  const query = useInfiniteQuery({
    queryKey: trpc.events.recent.infiniteQueryKey(input),
    queryFn: ({ pageParam, signal }) =>
      client.events.recent.query({ ...input, cursor: pageParam }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const partnerNames = usePartnerNames();
  const events = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader title="Activity" subtitle="Every change to partner data, newest first" />
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Activity filters">
        <Field label="Event type">
          {(id) => (
            <select
              id={id}
              value={type}
              onChange={(e) =>
                setParams(e.target.value ? { type: e.target.value } : {}, { replace: true })
              }
            >
              <option value="">All events</option>
              {EVENT_TYPE_NAMES.map((t) => (
                <option key={t} value={t}>
                  {EVENT_TYPES[t].label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      {query.isPending ? (
        <Loading label="Loading activity…" />
      ) : query.isError ? (
        <ErrorMessage
          error={query.error}
          title="Could not load activity"
          onRetry={() => void query.refetch()}
        />
      ) : events.length === 0 ? (
        <EmptyState title="No activity yet">
          <p>Events appear here as partners are created, deals registered and sales recorded.</p>
        </EmptyState>
      ) : (
        <section className="card">
          <EventList events={events} label="Recent events" partnerNames={partnerNames} />
          {query.hasNextPage ? (
            <button
              type="button"
              className="button"
              onClick={() => void query.fetchNextPage()}
              disabled={query.isFetchingNextPage}
            >
              {query.isFetchingNextPage ? "Loading…" : "Show older events"}
            </button>
          ) : null}
        </section>
      )}
    </>
  );
}
