import { humanize } from "./format.ts";

/** A tier badge; the colour follows the tier so lists scan quickly. */
export function TierBadge({ tier }: { tier: string }) {
  return <span className={`badge tier-${tier.toLowerCase()}`}>{tier}</span>;
}

/** A status pill (partner status, reward status). */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status status-${status}`}>{humanize(status)}</span>;
}
