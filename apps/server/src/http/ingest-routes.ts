import type { IncomingMessage, ServerResponse } from "node:http";
import { MAX_EVENT_BYTES } from "@partnerflow/domain";
import type { Db } from "@partnerflow/db";
import type { Logger } from "@partnerflow/api";
import { ConcurrentDuplicateError, ingestEvent, ingestNdjson } from "@partnerflow/service";
import type { IngestResponse } from "@partnerflow/service";
import type { ApiKeyVerifier } from "./api-key.ts";
import { readBody } from "./body.ts";
import { sendJson } from "./respond.ts";

/** Largest NDJSON batch body; each line is still held to MAX_EVENT_BYTES. */
export const MAX_BATCH_BYTES = 64 * 1024 * 1024;
/** JSON whitespace and a trailing newline around a 1 MB event should not tip it over. */
const SINGLE_BODY_SLACK = 1024;

/** A concurrent writer of the same idempotency key wins the race; our retry then sees a duplicate. */
async function withRetry(run: () => Promise<IngestResponse>): Promise<IngestResponse> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (err instanceof ConcurrentDuplicateError && attempt < 3) continue;
      throw err;
    }
  }
}

function tooLarge(res: ServerResponse, bytes: number, limit: number): void {
  sendJson(res, 413, {
    ok: false,
    error: "request body too large",
    issues: [
      { path: "(root)", message: `body is over ${limit} bytes (received ${bytes} or more)` },
    ],
  });
}

/**
 * POST /api/events and /api/events/batch: authenticate, read the body within its limit, hand
 * the text to the service, answer its `{status, body}`.
 */
export async function handleIngest(
  req: IncomingMessage,
  res: ServerResponse,
  opts: { db: Db; verifier: ApiKeyVerifier; logger: Logger; batch: boolean },
): Promise<void> {
  if (req.method !== "POST") {
    res.setHeader("allow", "POST");
    sendJson(res, 405, { ok: false, error: "method not allowed; use POST", issues: [] });
    return;
  }
  if (!opts.verifier.verify(req.headers.authorization)) {
    res.setHeader("www-authenticate", 'Bearer realm="partnerflow"');
    sendJson(res, 401, {
      ok: false,
      error: "missing or wrong API key; send Authorization: Bearer <key>",
      issues: [],
    });
    return;
  }
  const limit = opts.batch ? MAX_BATCH_BYTES : MAX_EVENT_BYTES + SINGLE_BODY_SLACK;
  const body = await readBody(req, limit);
  if (!body.ok) return tooLarge(res, body.bytes, limit);
  const text = body.text;
  const result = await withRetry(() =>
    opts.batch ? ingestNdjson(opts.db, text) : ingestEvent(opts.db, text),
  );
  if (result.status !== 200) {
    opts.logger.info("event rejected", { status: result.status, batch: opts.batch });
  }
  sendJson(res, result.status, result.body);
}
