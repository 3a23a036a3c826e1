import { useInfiniteQuery } from "@tanstack/react-query";
import { useTRPC, useTRPCClient } from "../../app/trpc.ts";
import { EventList } from "../../shared/event-list.tsx";
import { ErrorMessage, Loading } from "../../shared/query-state.tsx";

const PAGE_SIZE = 20;

/** A partner's events, newest first, a page at a time. */
export function PartnerTimeline({ partnerId }: { partnerId: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const input = { id: partnerId, limit: PAGE_SIZE };
  const query = useInfiniteQuery({
    queryKey: trpc.partners.timeline.infiniteQueryKey(input),
    queryFn: ({ pageParam, signal }) =>
      client.partners.timeline.query({ ...input, cursor: pageParam }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  if (query.isPending) return <Loading label="Loading timeline…" />;
  if (query.isError) {
    return (
      <ErrorMessage
        error={query.error}
        title="Could not load the timeline"
        onRetry={() => void query.refetch()}
      />
    );
  }
  const events = query.data.pages.flatMap((p) => p.items);
  if (events.length === 0) return <p className="subtitle">No events recorded yet.</p>;
  return (
    <>
      <EventList events={events} label="Partner events" />
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
    </>
  );
}
