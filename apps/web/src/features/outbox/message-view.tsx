import { useEffect, useRef } from "react";
import { Link } from "react-router-dom";
import type { RouterOutputs } from "@partnerflow/api";
import { formatDateTime, humanize } from "../../shared/format.ts";
import { RunStatusBadge } from "../runs/run-status-badge.tsx";

type Message = RouterOutputs["outbox"]["list"]["items"][number];

const text = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** The line a list shows for a message: an email's subject, a webhook's method and URL. */
export function subjectText(m: Message): string {
  if (m.channel === "webhook") {
    return `${text(m.payload.method) ?? "POST"} ${text(m.payload.url) ?? "webhook"}`;
  }
  return text(m.payload.subject) ?? "(no subject)";
}

/** Who a message goes to: the recipient role and partner for emails, the URL for webhooks. */
export function recipientText(m: Message, partnerName: string | null): string {
  if (m.channel === "webhook") return text(m.payload.url) ?? "—";
  const to = text(m.payload.to);
  const role = to ? humanize(to) : "—";
  return partnerName ? `${role} · ${partnerName}` : role;
}

/** One message opened: headers and the body as sent (plain text, never rendered as HTML). */
export function MessageView({
  message: m,
  partnerName,
  onClose,
}: {
  message: Message;
  partnerName: string | null;
  onClose: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [m.id]);
  const body = text(m.payload.body) ?? "";
  return (
    <section className="card" aria-labelledby="message-heading" style={{ marginBottom: 16 }}>
      <header className="page-header" style={{ marginBottom: 8 }}>
        <h2 id="message-heading" ref={heading} tabIndex={-1}>
          {subjectText(m)}
        </h2>
        <button type="button" className="button" onClick={onClose}>
          Close message
        </button>
      </header>
      <dl className="kv">
        <dt>Channel</dt>
        <dd>{humanize(m.channel)}</dd>
        <dt>To</dt>
        <dd>{recipientText(m, partnerName)}</dd>
        {m.channel === "email" && text(m.payload.template) ? (
          <>
            <dt>Template</dt>
            <dd>{text(m.payload.template)}</dd>
          </>
        ) : null}
        <dt>Status</dt>
        <dd>
          <RunStatusBadge status={m.status} />
          {m.status === "delivered_local" ? (
            <span className="muted"> — no SMTP is configured, so the outbox is the delivery</span>
          ) : null}
        </dd>
        <dt>Attempts</dt>
        <dd>{m.attempts}</dd>
        <dt>Delivered</dt>
        <dd>{formatDateTime(m.deliveredAt)}</dd>
        {m.lastError ? (
          <>
            <dt>Last error</dt>
            <dd>{m.lastError}</dd>
          </>
        ) : null}
        {m.runId ? (
          <>
            <dt>Run</dt>
            <dd>
              <Link to={`/runs/${encodeURIComponent(m.runId)}`}>View the run that sent it</Link>
            </dd>
          </>
        ) : null}
      </dl>
      <h3 className="trace-section-title">Body</h3>
      <pre className="message-body" data-testid="message-body">
        {body}
      </pre>
    </section>
  );
}
