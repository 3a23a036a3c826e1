import {
  EventInputSchema,
  MAX_EVENT_BYTES,
  formatIssues,
  type EventInput,
} from "@partnerflow/domain";
import type { Db } from "@partnerflow/db";
import { DomainError, domainErrorStatus } from "./errors.ts";
import { yieldToEventLoop } from "./event-loop.ts";
import { recordEvents } from "./record.ts";
import type { IngestIssue, IngestResponse, RecordOptions } from "./types.ts";

const encoder = new TextEncoder();

/** Lines parsed and validated between two turns of the event loop (~3–5 ms of work). */
const YIELD_EVERY_LINES = 500;
const byteLength = (s: string): number => encoder.encode(s).length;

function tooLarge(bytes: number, line?: number): IngestIssue {
  return {
    ...(line === undefined ? {} : { line }),
    path: "(root)",
    message: `event is ${bytes} bytes; the limit is ${MAX_EVENT_BYTES} bytes (1 MB) per event`,
  };
}

function domainFailure(
  err: DomainError,
  lineOf?: (index: number) => number,
  index?: number,
): IngestResponse {
  const line = lineOf && index !== undefined ? lineOf(index) : undefined;
  return {
    status: domainErrorStatus(err.code),
    body: {
      ok: false,
      error: err.message,
      issues: [
        {
          ...(line === undefined ? {} : { line }),
          path: err.data.path ?? "(root)",
          message: err.message,
          code: err.code,
        },
      ],
    },
  };
}

/**
 * POST /api/events: one JSON event. 200 recorded (or a duplicate answering the first seq),
 * 400 invalid (field paths), 409 refused by a domain rule, 413 over MAX_EVENT_BYTES.
 * `raw` is the parsed JSON body; pass the raw text instead to have its size checked exactly.
 */
export async function ingestEvent(
  db: Db,
  raw: unknown,
  opts: RecordOptions = {},
): Promise<IngestResponse> {
  let value = raw;
  if (typeof raw === "string") {
    const bytes = byteLength(raw);
    if (bytes > MAX_EVENT_BYTES)
      return {
        status: 413,
        body: { ok: false, error: "event too large", issues: [tooLarge(bytes)] },
      };
    try {
      value = JSON.parse(raw) as unknown;
    } catch (err) {
      return {
        status: 400,
        body: {
          ok: false,
          error: "malformed JSON",
          issues: [{ path: "(root)", message: (err as Error).message }],
        },
      };
    }
  } else {
    const bytes = byteLength(JSON.stringify(raw) ?? "");
    if (bytes > MAX_EVENT_BYTES)
      return {
        status: 413,
        body: { ok: false, error: "event too large", issues: [tooLarge(bytes)] },
      };
  }
  const parsed = EventInputSchema.safeParse(value);
  if (!parsed.success) {
    return {
      status: 400,
      body: { ok: false, error: "invalid event", issues: formatIssues(parsed.error) },
    };
  }
  try {
    const [r] = await recordEvents(db, [parsed.data], opts);
    if (!r) throw new Error("ingestEvent: no result");
    return {
      status: 200,
      body: { ok: true, seq: r.seq, duplicate: r.duplicate, derived: r.derived },
    };
  } catch (err) {
    if (err instanceof DomainError) return domainFailure(err);
    throw err;
  }
}

/**
 * POST /api/events/batch: newline-delimited JSON, one event per line (blank lines skipped).
 * All or nothing: when any line is malformed, invalid or too large, nothing is written and
 * every bad line is reported with its 1-based line number; a domain refusal (409) names the
 * first refused line. A repeated idempotency key, within the batch or with an earlier one,
 * is recorded once and answers the first seq.
 */
export async function ingestNdjson(
  db: Db,
  text: string,
  opts: RecordOptions = {},
): Promise<IngestResponse> {
  const inputs: EventInput[] = [];
  const lines: number[] = [];
  const issues: IngestIssue[] = [];
  const rawLines = text.split("\n");
  for (let i = 0; i < rawLines.length; i++) {
    // A 5,000-line batch is ~50 ms of parsing: let other requests' I/O through meanwhile.
    if (i > 0 && i % YIELD_EVERY_LINES === 0) await yieldToEventLoop();
    const lineText = rawLines[i]!.trim();
    if (lineText === "") continue;
    const line = i + 1;
    // JS string length ≥ bytes/3, so only long lines pay for an exact byte count.
    if (lineText.length * 3 > MAX_EVENT_BYTES) {
      const bytes = byteLength(lineText);
      if (bytes > MAX_EVENT_BYTES) {
        issues.push(tooLarge(bytes, line));
        continue;
      }
    }
    let value: unknown;
    try {
      value = JSON.parse(lineText) as unknown;
    } catch (err) {
      issues.push({ line, path: "(root)", message: `malformed JSON: ${(err as Error).message}` });
      continue;
    }
    const parsed = EventInputSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of formatIssues(parsed.error)) issues.push({ line, ...issue });
      continue;
    }
    inputs.push(parsed.data);
    lines.push(line);
  }
  if (issues.length > 0) {
    const onlyTooLarge = issues.every((i) => i.message.includes("the limit is"));
    return {
      status: onlyTooLarge ? 413 : 400,
      body: {
        ok: false,
        error: `${issues.length} problem(s) in the batch; nothing was recorded`,
        issues,
      },
    };
  }
  if (inputs.length === 0) {
    return {
      status: 400,
      body: {
        ok: false,
        error: "empty batch",
        issues: [{ path: "(root)", message: "no events in the body" }],
      },
    };
  }
  try {
    const results = await recordEvents(db, inputs, opts);
    let duplicates = 0;
    for (const r of results) if (r.duplicate) duplicates++;
    return {
      status: 200,
      body: {
        ok: true,
        count: results.length,
        recorded: results.length - duplicates,
        duplicates,
        results: results.map((r, i) => ({ line: lines[i]!, seq: r.seq, duplicate: r.duplicate })),
      },
    };
  } catch (err) {
    if (err instanceof DomainError) return domainFailure(err, (i) => lines[i]!, err.index);
    throw err;
  }
}
