import { Link } from "react-router-dom";
import { eventDetails, eventLabel } from "./event-summary.ts";
import { formatDateTime } from "./format.ts";

/** The fields of an event the feeds need; both the timeline and the activity feed fit it. */
export interface FeedEvent {
  seq: number;
  type: string;
  partnerId: string | null;
  occurredAt: string;
  payload: unknown;
}

/**
 * Events as a readable list: catalog label, when it happened, and the key payload fields.
 * `partnerNames` adds a link to the event's partner (the global feed needs it, a partner's
 * own timeline does not).
 */
export function EventList({
  events,
  partnerNames,
  label,
}: {
  events: readonly FeedEvent[];
  partnerNames?: ReadonlyMap<string, string>;
  label: string;
}) {
  return (
    <ol className="timeline" aria-label={label}>
      {events.map((e) => {
        const details = eventDetails(e.type, e.payload);
        return (
          <li key={e.seq} className="timeline-item" data-testid="timeline-event">
            <time className="timeline-time" dateTime={e.occurredAt}>
              {formatDateTime(e.occurredAt)}
            </time>
            <div>
              <div className="timeline-label">
                {eventLabel(e.type)}
                {partnerNames && e.partnerId ? (
                  <>
                    {" · "}
                    <Link to={`/partners/${encodeURIComponent(e.partnerId)}`}>
                      {partnerNames.get(e.partnerId) ?? "View partner"}
                    </Link>
                  </>
                ) : null}
              </div>
              {details.length > 0 ? (
                <dl className="timeline-details">
                  {details.map((d) => (
                    <div key={d.label}>
                      <dt>{d.label}</dt>
                      <dd>{d.value}</dd>
                    </div>
                  ))}
                </dl>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
