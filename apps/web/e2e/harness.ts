/**
 * Shared harness for browser tests: a real Partnerflow server on a fresh embedded database
 * (optionally filled with demo history) and a headless Debian Chromium driven by
 * playwright-core. Canvas and simulation tests reuse these helpers.
 */
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { openMigratedDatabase, type Database } from "@partnerflow/db";
import { loadDemoHistory, type LoadDemoOptions } from "@partnerflow/demo";
import { startServer, type RunningServer } from "@partnerflow/server";

/** apps/web/dist: `npm test` builds it (`npm run build:web`) before vitest runs. */
export const WEB_DIST = fileURLToPath(new URL("../dist", import.meta.url));
/** Screenshots and traces (gitignored). */
export const ARTIFACTS_DIR = fileURLToPath(new URL("../../../artifacts", import.meta.url));
/** The README screenshot (committed). */
export const DOCS_DIR = fileURLToPath(new URL("../../../docs", import.meta.url));
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Fails early with the fix when the web app has not been built. */
export function assertWebBuilt(): void {
  if (!existsSync(join(WEB_DIST, "index.html"))) {
    throw new Error(
      `The web app is not built (${WEB_DIST}/index.html is missing). ` +
        "Run `npm run build:web` first; `npm test` does this for you.",
    );
  }
}

export interface TestApp {
  /** Base URL on 127.0.0.1 (the browser resolves nothing else). */
  url: string;
  database: Database;
  server: RunningServer;
  close(): Promise<void>;
}

/**
 * Starts the real server on port 0 over a fresh, migrated PGlite database in a temp dir,
 * loading demo history first when `demo` is given. `now` pins the API's clock ("this
 * quarter" metrics); pin it together with `demo.endDate` for reproducible pages.
 */
export async function startTestApp(
  opts: { demo?: LoadDemoOptions; now?: () => Date } = {},
): Promise<TestApp> {
  assertWebBuilt();
  const dir = await mkdtemp(join(tmpdir(), "partnerflow-e2e-db-"));
  const database = await openMigratedDatabase({ kind: "pglite", dataDir: dir });
  try {
    if (opts.demo) await loadDemoHistory(database, opts.demo);
    const server = await startServer({
      database,
      port: 0,
      webDist: WEB_DIST,
      ...(opts.now ? { now: opts.now } : {}),
    });
    return {
      url: `http://127.0.0.1:${server.port}`,
      database,
      server,
      async close() {
        await server.close();
        await database.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await database.close();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

export interface TestBrowser {
  context: BrowserContext;
  /** A new page that records console errors and uncaught page errors. */
  newPage(): Promise<Page>;
  /** Everything logged as an error so far, across pages. */
  consoleErrors: string[];
  close(): Promise<void>;
}

/** Launches headless Chromium with the flags that keep it off the (closed) network. */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: run \`apt-get install -y chromium\`.`,
    );
  }
  const userDataDir = await mkdtemp(join(tmpdir(), "partnerflow-e2e-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ],
  });
  const consoleErrors: string[] = [];
  return {
    context,
    consoleErrors,
    async newPage() {
      const page = await context.newPage();
      page.on("console", (msg) => {
        if (msg.type() === "error") consoleErrors.push(`${page.url()}: ${msg.text()}`);
      });
      page.on("pageerror", (err) => consoleErrors.push(`${page.url()}: ${err.message}`));
      return page;
    },
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot under artifacts/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Copies an artifact screenshot to docs/ for the README. */
export async function publishScreenshot(path: string, name: string): Promise<void> {
  await mkdir(DOCS_DIR, { recursive: true });
  await copyFile(path, join(DOCS_DIR, name));
}
