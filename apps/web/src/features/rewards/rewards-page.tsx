import { useInfiniteQuery, useQuery, keepPreviousData } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router-dom";
import { REWARD_KINDS, REWARD_STATUSES, RewardKind, RewardStatus } from "@partnerflow/domain";
import { Field } from "../../shared/field.tsx";
import { useTRPC, useTRPCClient } from "../../app/trpc.ts";
import { StatusBadge } from "../../shared/badges.tsx";
import { EmptyState } from "../../shared/empty-state.tsx";
import { formatDate, formatMinor, formatNumber, humanize } from "../../shared/format.ts";
import { ErrorMessage, Loading, PageHeader } from "../../shared/query-state.tsx";
import { RewardTotals } from "./reward-totals.tsx";
import { usePartnerNames } from "../../shared/use-partner-names.ts";
import { TableFooter } from "../../shared/table-footer.tsx";

const PAGE_SIZE = 50;

/** The program-wide reward ledger with status/kind filters and totals per currency. */
export function RewardsPage() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const status = RewardStatus.safeParse(params.get("status"));
  const kind = RewardKind.safeParse(params.get("kind"));
  const filter = {
    ...(status.success ? { status: status.data } : {}),
    ...(kind.success ? { kind: kind.data } : {}),
  };
  const client = useTRPCClient();
  const listInput = { ...filter, limit: PAGE_SIZE };
  const list = useInfiniteQuery({
    queryKey: trpc.rewards.list.infiniteQueryKey(listInput),
    queryFn: ({ pageParam, signal }) =>
      client.rewards.list.query({ ...listInput, cursor: pageParam }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const totals = useQuery(
    trpc.rewards.totals.queryOptions(filter, { placeholderData: keepPreviousData }),
  );
  const setFilter = (key: "status" | "kind", value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const partnerNames = usePartnerNames();
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader title="Rewards" subtitle="Bonuses, commissions, rebates, MDF and points" />
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Reward filters">
        <Field label="Status">
          {(id) => (
            <select
              id={id}
              value={status.success ? status.data : ""}
              onChange={(e) => setFilter("status", e.target.value)}
            >
              <option value="">All statuses</option>
              {REWARD_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {humanize(s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Kind">
          {(id) => (
            <select
              id={id}
              value={kind.success ? kind.data : ""}
              onChange={(e) => setFilter("kind", e.target.value)}
            >
              <option value="">All kinds</option>
              {REWARD_KINDS.map((k) => (
                <option key={k} value={k}>
                  {humanize(k)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      {totals.data ? <RewardTotals rows={totals.data} /> : null}
      {list.isPending ? (
        <Loading label="Loading rewards…" />
      ) : list.isError ? (
        <ErrorMessage
          error={list.error}
          title="Could not load rewards"
          onRetry={() => void list.refetch()}
        />
      ) : rows.length === 0 ? (
        <EmptyState title="No reward entries">
          <p>Nothing in the ledger matches these filters yet.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap" aria-busy={list.isFetching}>
          <table className="table">
            <caption className="visually-hidden">Reward ledger</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Partner</th>
                <th scope="col">Kind</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Status</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{formatDate(r.createdAt)}</td>
                  <td>
                    <Link to={`/partners/${encodeURIComponent(r.partnerId)}`}>
                      {partnerNames.get(r.partnerId) ?? "View partner"}
                    </Link>
                  </td>
                  <td>{humanize(r.kind)}</td>
                  <td className="num">
                    {r.amount
                      ? formatMinor(r.amount.minor, r.amount.currency)
                      : `${formatNumber(r.points)} pts`}
                  </td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <TableFooter shown={rows.length} pages={list} />
        </div>
      )}
    </>
  );
}
