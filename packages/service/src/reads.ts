import type { DomainEvent, PartnerState, RateBook } from "@partnerflow/domain";
import type { DbOrTx } from "@partnerflow/db";

/** The partner's current state read from the projection tables (exists: false when unknown). */
export function partnerStateFromTables(
  _db: DbOrTx,
  _partnerId: string,
  _rates?: RateBook,
): Promise<PartnerState> {
  return Promise.reject(new Error("not implemented yet"));
}

/** The partner's state at `at`, rebuilt from the event log. */
export function partnerStateAt(
  _db: DbOrTx,
  _partnerId: string,
  _at: Date,
  _rates?: RateBook,
): Promise<PartnerState> {
  return Promise.reject(new Error("not implemented yet"));
}

/** The partner's events in log order (plus reassignments of its leads to others). */
export function partnerEvents(_db: DbOrTx, _partnerId: string): Promise<DomainEvent[]> {
  return Promise.reject(new Error("not implemented yet"));
}
