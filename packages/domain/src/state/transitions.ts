import type { DealStatus } from "../enums.ts";

/**
 * Legal deal registration moves: submitted → approved/rejected, approved → won/lost (or
 * rejected on a second look). Rejected, won and lost are final: commissions are paid on
 * won, so a won deal must never move again.
 */
export const DEAL_TRANSITIONS: Readonly<Record<DealStatus, readonly DealStatus[]>> = {
  submitted: ["approved", "rejected"],
  approved: ["won", "lost", "rejected"],
  rejected: [],
  won: [],
  lost: [],
};

export function isLegalDealTransition(from: DealStatus, to: DealStatus): boolean {
  return DEAL_TRANSITIONS[from].includes(to);
}

/** Lead statuses that still count as open (metric open_leads). */
export const OPEN_LEAD_STATUSES = ["new", "assigned", "accepted"] as const;
