import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import { appRouter, createContext, type Logger } from "@partnerflow/api";
import { queryRows, type Database } from "@partnerflow/db";
import { silentLogger } from "../logger.ts";
import { ensureApiKey, type ApiKeySource } from "./api-key.ts";
import { handleIngest } from "./ingest-routes.ts";
import { sendJson } from "./respond.ts";
import { DEFAULT_WEB_DIST, serveStatic } from "./static-files.ts";

/** tRPC request bodies (mutations) are small; events go through the ingestion endpoint. */
const TRPC_MAX_BODY = 2 * 1024 * 1024;
/** How long close() waits for in-flight requests before cutting connections. */
const DRAIN_MS = 10_000;

export interface StartServerOptions {
  database: Database;
  /** 0 picks a free port (tests). Default 3000. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  logger?: Logger;
  /** The configured ingestion key (PARTNERFLOW_API_KEY); else the stored or a generated one. */
  apiKey?: string;
  /** Folder of the built web app; default apps/web/dist. */
  webDist?: string;
  /** Clock for "this quarter" in the API (tests pin it). */
  now?: () => Date;
}

export interface RunningServer {
  /** http://localhost:PORT (localhost when bound to a loopback or wildcard address). */
  url: string;
  port: number;
  /** Where the ingestion key came from; `generated` carries the new plain key, once. */
  apiKey: ApiKeySource;
  /** Stops accepting, lets in-flight requests finish, then resolves. Does not close the DB. */
  close(): Promise<void>;
}

async function health(database: Database, res: ServerResponse, logger: Logger): Promise<void> {
  try {
    await queryRows(database.db, sql`select 1 as ok`);
    sendJson(res, 200, { ok: true, db: database.kind });
  } catch (err) {
    logger.warn("health check failed", { error: err });
    sendJson(res, 503, { ok: false, db: database.kind, error: "database not reachable" });
  }
}

/**
 * Starts the HTTP server: tRPC under /trpc, ingestion under /api/events, health at
 * /api/health, the web app for everything else.
 */
export async function startServer(opts: StartServerOptions): Promise<RunningServer> {
  const { database } = opts;
  const logger = opts.logger ?? silentLogger;
  const webDist = opts.webDist ?? DEFAULT_WEB_DIST;
  const verifier = await ensureApiKey(database.db, opts.apiKey);
  const ctxOpts = { database, logger, ...(opts.now ? { now: opts.now } : {}) };

  async function route(req: IncomingMessage, res: ServerResponse, pathname: string) {
    if (pathname.startsWith("/trpc/")) {
      await nodeHTTPRequestHandler({
        router: appRouter,
        req,
        res,
        path: pathname.slice("/trpc/".length),
        maxBodySize: TRPC_MAX_BODY,
        createContext: () => createContext(ctxOpts),
        onError: ({ error, path }) => {
          if (error.code === "INTERNAL_SERVER_ERROR") {
            logger.error("trpc error", { path, error: error.cause ?? error });
          }
        },
      });
      return;
    }
    if (pathname === "/api/health") return health(database, res, logger);
    if (pathname === "/api/events" || pathname === "/api/events/batch") {
      return handleIngest(req, res, {
        db: database.db,
        verifier,
        logger,
        batch: pathname.endsWith("/batch"),
      });
    }
    if (pathname === "/api" || pathname.startsWith("/api/")) {
      return sendJson(res, 404, { ok: false, error: `no endpoint ${pathname}`, issues: [] });
    }
    return serveStatic(req, res, pathname, webDist);
  }

  const server = createServer((req, res) => {
    const started = performance.now();
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    res.on("finish", () => {
      const fields = {
        method: req.method,
        path: pathname,
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
      };
      if (pathname === "/api/health") logger.debug("request", fields);
      else logger.info("request", fields);
    });
    route(req, res, pathname).catch((err: unknown) => {
      logger.error("request failed", { method: req.method, path: pathname, error: err });
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: "internal error", issues: [] });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 3000, opts.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const loopback = ["127.0.0.1", "::1", "0.0.0.0", "::"].includes(address.address);
  const hostPart = loopback
    ? "localhost"
    : address.family === "IPv6"
      ? `[${address.address}]`
      : address.address;
  const url = `http://${hostPart}:${address.port}`;
  logger.info("server listening", { url, db: database.kind });

  let closing: Promise<void> | null = null;
  return {
    url,
    port: address.port,
    apiKey: verifier.source,
    close() {
      closing ??= new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        // Keep-alive sockets with no request in flight would otherwise hold close() open.
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
