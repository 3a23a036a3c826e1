import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router-dom";
import type { RouterOutputs } from "@partnerflow/api";
import { useTRPC, useTRPCClient } from "../../app/trpc.ts";
import { EmptyState } from "../../shared/empty-state.tsx";
import { Field } from "../../shared/field.tsx";
import { formatDateTime, humanize } from "../../shared/format.ts";
import { ErrorMessage, Loading, PageHeader } from "../../shared/query-state.tsx";
import { usePartnerNames } from "../../shared/use-partner-names.ts";
import { runStatusLabel } from "../runs/run-format.ts";
import { RunStatusBadge } from "../runs/run-status-badge.tsx";
import { MessageView, recipientText, subjectText } from "./message-view.tsx";
import "../runs/runs.css";
import { TableFooter } from "../../shared/table-footer.tsx";

const PAGE_SIZE = 50;
const CHANNELS = ["email", "webhook"] as const;
const STATUSES = ["pending", "sending", "delivered", "delivered_local", "failed"] as const;
type Message = RouterOutputs["outbox"]["list"]["items"][number];

const pick = <T extends string>(list: readonly T[], v: string | null): T | undefined =>
  list.find((x) => x === v);

/** Emails and webhooks the runtime produced, newest first; a message opens to its body. */
export function OutboxPage() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [params, setParams] = useSearchParams();
  const channel = pick(CHANNELS, params.get("channel"));
  const status = pick(STATUSES, params.get("status"));
  const selected = params.get("message");
  const input = {
    limit: PAGE_SIZE,
    ...(channel ? { channel } : {}),
    ...(status ? { status } : {}),
  };
  const query = useInfiniteQuery({
    queryKey: trpc.outbox.list.infiniteQueryKey(input),
    queryFn: ({ pageParam, signal }) =>
      client.outbox.list.query({ ...input, cursor: pageParam }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const partnerNames = usePartnerNames();
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const open = rows.find((m) => String(m.id) === selected);
  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: key !== "message" },
    );
  const partnerOf = (m: Message) => (m.partnerId ? (partnerNames.get(m.partnerId) ?? null) : null);

  return (
    <>
      <PageHeader
        title="Outbox"
        subtitle="Emails and webhooks your workflows sent. Without SMTP configured, emails are kept here instead of mailed."
      />
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Outbox filters">
        <Field label="Channel">
          {(id) => (
            <select
              id={id}
              value={channel ?? ""}
              onChange={(e) => setParam("channel", e.target.value)}
            >
              <option value="">Emails and webhooks</option>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {humanize(c)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Status">
          {(id) => (
            <select
              id={id}
              value={status ?? ""}
              onChange={(e) => setParam("status", e.target.value)}
            >
              <option value="">All statuses</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {runStatusLabel(s)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      {open ? (
        <MessageView
          message={open}
          partnerName={partnerOf(open)}
          onClose={() => setParam("message", null)}
        />
      ) : null}
      {query.isPending ? (
        <Loading label="Loading the outbox…" />
      ) : query.isError ? (
        <ErrorMessage
          error={query.error}
          title="Could not load the outbox"
          onRetry={() => void query.refetch()}
        />
      ) : rows.length === 0 ? (
        <EmptyState title="No messages">
          <p>Emails and webhooks appear here when a workflow&apos;s step sends one.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap" aria-busy={query.isFetching}>
          <table className="table">
            <caption className="visually-hidden">Outbox messages</caption>
            <thead>
              <tr>
                <th scope="col">Message</th>
                <th scope="col">To</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Attempts
                </th>
                <th scope="col">Last error</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.id} data-testid="outbox-row">
                  <th scope="row" className="wrap">
                    <button
                      type="button"
                      className="link-button"
                      aria-expanded={String(m.id) === selected}
                      onClick={() =>
                        setParam("message", String(m.id) === selected ? null : String(m.id))
                      }
                    >
                      {subjectText(m)}
                    </button>
                    <div className="muted">{humanize(m.channel)}</div>
                  </th>
                  <td className="wrap">{recipientText(m, partnerOf(m))}</td>
                  <td>
                    <RunStatusBadge status={m.status} />
                  </td>
                  <td className="num">{m.attempts}</td>
                  <td className="wrap">{m.lastError ?? "—"}</td>
                  <td>{formatDateTime(m.createdAt)}</td>
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
