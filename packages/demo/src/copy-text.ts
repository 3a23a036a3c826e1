import { isoInstant } from "@partnerflow/domain";
import { CopyBuffer } from "@partnerflow/service/copy-buffer";
import type { PendingEvent } from "@partnerflow/service/projectors";

export { CopyBuffer };

/**
 * PostgreSQL's COPY text format, as pure functions: the loader's main thread and its log
 * worker (which must not load drizzle or a database client) encode with the same code, so
 * both produce the same bytes.
 */

/** A value of one column, as the loader hands it over. */
export type CopyValue = string | number | boolean | Date | null | undefined | object;

const SPECIAL = /[\\\t\n\r]/;
const NULL = "\\N";

/** Escapes a string for COPY text format (backslash, tab, LF, CR). */
function escapeText(s: string): string {
  if (!SPECIAL.test(s)) return s;
  return s.replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

/**
 * A JSON value in COPY text format. JSON.stringify escapes every control character, so
 * its output holds no raw tab, LF or CR: only backslashes need doubling.
 */
export function copyJson(v: unknown): string {
  const s = JSON.stringify(v);
  return s.includes("\\") ? s.replaceAll("\\", "\\\\") : s;
}

/** One value in PostgreSQL's COPY text format (NULL is \N; backslash, tab, CR, LF escaped). */
export function copyText(v: CopyValue): string {
  if (v === null || v === undefined) return NULL;
  if (typeof v === "string") return escapeText(v);
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return v ? "t" : "f";
  if (v instanceof Date) return isoInstant(v.getTime());
  return copyJson(v);
}

/** The log columns the loader writes, in the order of {@link eventLine}. */
export const EVENT_COLUMNS = [
  "type",
  "partner_id",
  "occurred_at",
  "payload",
  "idempotency_key",
  "causation_run_id",
  "causation_depth",
] as const;

/**
 * Appends a log row in COPY text format, in EVENT_COLUMNS order. Event type names are
 * catalog identifiers (no character COPY escapes). The row is built as one string and
 * written once: seven field writes and six tab bytes cost ~25 % more (measured on the
 * 378,054 rows of the 5,000 x 3 y history, 2.26 against 1.77 µs per row).
 */
export function putEvent(out: CopyBuffer, e: PendingEvent): void {
  out.put(
    `${e.type}\t${e.partnerId === null ? NULL : copyText(e.partnerId)}\t${isoInstant(e.occurredAt.getTime())}\t${copyJson(e.payload)}\t${copyText(e.idempotencyKey)}\t${e.causationRunId === null ? NULL : copyText(e.causationRunId)}\t${e.causationDepth}\n`,
  );
}
