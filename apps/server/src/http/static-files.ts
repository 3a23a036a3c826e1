import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** The built web app (`npm run build:web` writes it). */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL("../../../web/dist", import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
};

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Partnerflow</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto">
<h1>Partnerflow</h1>
<p>The web app has not been built yet. Run <code>npm run build:web</code> (or <code>npm start</code>,
which builds it first) and reload this page.</p>
<p>The API is up: <a href="/api/health">/api/health</a>.</p>
</body></html>
`;

async function fileAt(path: string): Promise<number | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

function send(req: IncomingMessage, res: ServerResponse, path: string, size: number): void {
  const type = CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
  // Vite fingerprints everything under assets/, so those can be cached for good.
  const immutable = path.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    "content-type": type,
    "content-length": size,
    "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    "x-content-type-options": "nosniff",
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  createReadStream(path).pipe(res);
}

/**
 * Serves the single-page app: a file when one matches, `index.html` for client-side routes
 * (paths without an extension), 404 for missing assets, and a how-to page when not built.
 */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  root: string,
): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
    res.end("method not allowed\n");
    return;
  }
  const rootDir = resolve(root);
  const index = join(rootDir, "index.html");
  const indexSize = await fileAt(index);
  if (indexSize === null) {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" });
    res.end(req.method === "HEAD" ? undefined : NOT_BUILT);
    return;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    decoded = "/";
  }
  const candidate = resolve(rootDir, `.${normalize(`/${decoded}`)}`);
  // resolve() after normalize() cannot climb above root, but check anyway: this is the guard.
  const inside = candidate === rootDir || candidate.startsWith(`${rootDir}${sep}`);
  const size = inside ? await fileAt(candidate) : null;
  if (size !== null) return send(req, res, candidate, size);
  if (extname(decoded) !== "") {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    res.end("not found\n");
    return;
  }
  send(req, res, index, indexSize);
}
