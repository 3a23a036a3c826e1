import type { MetricRef } from "@partnerflow/domain";
import type { DbOrTx } from "@partnerflow/db";

/** One metric of a partner from SQL aggregates over the projection tables. */
export function metricFromSql(
  _db: DbOrTx,
  _partnerId: string,
  _ref: MetricRef,
  _asOf: Date,
): Promise<number> {
  return Promise.reject(new Error("not implemented yet"));
}

/** Several metrics of a partner, keyed by `metricKey(ref)`. */
export function metricsFromSql(
  _db: DbOrTx,
  _partnerId: string,
  _refs: readonly MetricRef[],
  _asOf: Date,
): Promise<Record<string, number>> {
  return Promise.reject(new Error("not implemented yet"));
}
