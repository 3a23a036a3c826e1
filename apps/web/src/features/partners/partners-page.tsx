import { useInfiniteQuery, keepPreviousData } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { Region, Tier } from "@partnerflow/domain";
import { useTRPC, useTRPCClient } from "../../app/trpc.ts";
import { TierBadge, StatusBadge } from "../../shared/badges.tsx";
import { ErrorMessage, Loading, PageHeader } from "../../shared/query-state.tsx";
import { EmptyState } from "../../shared/empty-state.tsx";
import { formatDate, partnerTypeLabel } from "../../shared/format.ts";
import { useDebouncedValue } from "../../shared/use-debounced-value.ts";
import { PartnerFiltersBar } from "./partner-filters.tsx";
import { usePartnerFilters, type PartnerFilters } from "./partner-filters-state.ts";
import { useUserNames } from "./use-user-names.ts";
import { TableFooter } from "../../shared/table-footer.tsx";

const PAGE_SIZE = 25;

/** Maps the sort the user picked to the API's (sort, dir): tiers and dates read best high-first. */
function listInput(filters: PartnerFilters, search: string) {
  const tier = Tier.safeParse(filters.tier);
  const region = Region.safeParse(filters.region);
  const sort =
    filters.sort === "tier"
      ? ({ sort: "tier", dir: "desc" } as const)
      : filters.sort === "joined"
        ? ({ sort: "createdAt", dir: "desc" } as const)
        : ({ sort: "name", dir: "asc" } as const);
  return {
    ...sort,
    limit: PAGE_SIZE,
    ...(search.trim() ? { search: search.trim() } : {}),
    ...(tier.success ? { tier: tier.data } : {}),
    ...(region.success ? { region: region.data } : {}),
  };
}

/** The partner directory: search, filter, sort and page through every partner. */
export function PartnersPage() {
  const trpc = useTRPC();
  const [filters, setFilters] = usePartnerFilters();
  const search = useDebouncedValue(filters.search, 250);
  const client = useTRPCClient();
  const input = listInput(filters, search);
  // Paged by hand rather than with infiniteQueryOptions: that helper adds a `direction` key
  // the API's strict input schemas refuse.
  const query = useInfiniteQuery({
    queryKey: trpc.partners.list.infiniteQueryKey(input),
    queryFn: ({ pageParam, signal }) =>
      client.partners.list.query({ ...input, cursor: pageParam }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const userNames = useUserNames();
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const total = query.data?.pages[0]?.total;

  return (
    <>
      <PageHeader
        title="Partners"
        subtitle={total === undefined ? "Every company in the program" : `${total} partners match`}
      />
      <PartnerFiltersBar filters={filters} onChange={setFilters} />
      {query.isPending ? (
        <Loading label="Loading partners…" />
      ) : query.isError ? (
        <ErrorMessage
          error={query.error}
          title="Could not load partners"
          onRetry={() => void query.refetch()}
        />
      ) : rows.length === 0 ? (
        <EmptyState title="No partners match">
          <p>Try another name, or clear the tier and region filters.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap" aria-busy={query.isFetching}>
          <table className="table">
            <caption className="visually-hidden">Partners</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Tier</th>
                <th scope="col">Region</th>
                <th scope="col">Type</th>
                <th scope="col">Status</th>
                <th scope="col">Account manager</th>
                <th scope="col">Joined</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.id} data-testid="partner-row">
                  <th scope="row">
                    <Link to={`/partners/${encodeURIComponent(p.id)}`}>{p.name}</Link>
                  </th>
                  <td>
                    <TierBadge tier={p.tier} />
                  </td>
                  <td>
                    {p.region} · {p.country}
                  </td>
                  <td>{partnerTypeLabel(p.type)}</td>
                  <td>
                    <StatusBadge status={p.status} />
                  </td>
                  <td>{p.accountManagerId ? (userNames.get(p.accountManagerId) ?? "—") : "—"}</td>
                  <td>{formatDate(p.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <TableFooter shown={rows.length} total={total} pages={query} />
        </div>
      )}
    </>
  );
}
