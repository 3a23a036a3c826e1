import { runStatusLabel } from "./run-format.ts";

/** A run's (or approval's, or message's) status pill; "parked" reads "Waiting". */
export function RunStatusBadge({ status }: { status: string }) {
  return <span className={`badge status status-${status}`}>{runStatusLabel(status)}</span>;
}
