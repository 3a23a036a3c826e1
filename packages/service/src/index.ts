export * from "./errors.ts";
export * from "./types.ts";
export {
  recordEvent,
  recordEvents,
  recordEventsInTx,
  recordEventsWriteBehind,
  type WriteBehind,
} from "./record.ts";
export { ingestEvent, ingestNdjson } from "./ingest.ts";
export { partnerStateFromTables, partnerStateAt, partnerEvents, toDomainEvent } from "./reads.ts";
export { metricFromSql, metricsFromSql } from "./metrics-sql.ts";
export { upsertExchangeRates, loadRateBook, loadRateBookFor } from "./exchange-rates.ts";
export { settleAll } from "./working-set.ts";
