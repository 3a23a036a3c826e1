import type { IncomingMessage } from "node:http";

export type BodyResult = { ok: true; text: string } | { ok: false; bytes: number };

/**
 * Reads a request body as UTF-8 up to `limit` bytes. Past the limit the rest is drained and
 * dropped (so the client can still read our 413), but at most `drainLimit` bytes; beyond that
 * the connection is cut.
 */
export function readBody(
  req: IncomingMessage,
  limit: number,
  drainLimit = limit * 4,
): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= limit) chunks.push(chunk);
      else if (bytes > drainLimit) {
        req.destroy();
        resolve({ ok: false, bytes });
      }
    });
    req.on("end", () => {
      if (bytes > limit) resolve({ ok: false, bytes });
      else resolve({ ok: true, text: Buffer.concat(chunks).toString("utf8") });
    });
    req.on("error", reject);
  });
}
