import { execFile } from "node:child_process";
import { accessSync, chownSync, constants, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * A PostgreSQL 15 cluster of the test's own (initdb into a temporary folder, its own port,
 * its own socket folder), so a test may restart or kill the database server without touching
 * the machine's shared cluster on 5432. PostgreSQL refuses to run as root, so the binaries run
 * as the `postgres` user through runuser.
 */
export const PG_BIN = "/usr/lib/postgresql/15/bin";
const RUNUSER = "/usr/sbin/runuser";

export interface ThrowawayCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust auth). */
  readonly url: string;
  readonly port: number;
  /**
   * `pg_ctl stop -m fast`, `downMs` without a server, `pg_ctl start`: every connection is cut
   * and new ones are refused for a while; resolves when the server answers again.
   */
  restart(downMs: number): Promise<void>;
  /** The server log (for diagnostics). */
  readonly logFile: string;
  /** Stops the server (immediate) and removes the folder; safe to call twice. */
  destroy(): Promise<void>;
}

/** Throws a message that says what is missing, so a machine without it fails loudly. */
function requireTools(): void {
  for (const [path, what] of [
    [join(PG_BIN, "initdb"), "PostgreSQL 15 server binaries (initdb)"],
    [join(PG_BIN, "pg_ctl"), "PostgreSQL 15 server binaries (pg_ctl)"],
    [RUNUSER, "runuser (util-linux), to run PostgreSQL as the postgres user"],
  ] as const) {
    try {
      accessSync(path, constants.X_OK);
    } catch {
      throw new Error(
        `the PostgreSQL restart test needs ${what} at ${path}; install postgresql-15 (Debian) — this test never skips`,
      );
    }
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

async function asPostgres(bin: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await run(RUNUSER, ["-u", "postgres", "--", join(PG_BIN, bin), ...args], {
      timeout: 60_000,
    });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${bin} ${args.join(" ")} failed: ${e.stderr ?? ""}${e.message}`);
  }
}

async function ownerIds(): Promise<{ uid: number; gid: number }> {
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
    run("id", ["-u", "postgres"]),
    run("id", ["-g", "postgres"]),
  ]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/** initdb + start; the caller must `destroy()` it (afterAll), even when the test fails. */
export async function startThrowawayCluster(): Promise<ThrowawayCluster> {
  requireTools();
  const root = mkdtempSync(join(tmpdir(), "pf-pg-"));
  const data = join(root, "data");
  const sockets = join(root, "sock");
  const logFile = join(root, "server.log");
  mkdirSync(sockets);
  const { uid, gid } = await ownerIds();
  for (const p of [root, sockets]) chownSync(p, uid, gid);
  let running = false;
  const destroy = async () => {
    if (running) {
      running = false;
      await asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => {});
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await asPostgres("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8"]);
    const port = await freePort();
    const options = `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1 -c max_connections=100`;
    await asPostgres("pg_ctl", ["-D", data, "-l", logFile, "-o", options, "-w", "start"]);
    running = true;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      port,
      logFile,
      async restart(downMs) {
        await asPostgres("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
        await new Promise((res) => setTimeout(res, downMs));
        // -l again: without it the server would write to pg_ctl's stdout and hold our pipe.
        await asPostgres("pg_ctl", ["-D", data, "-l", logFile, "-o", options, "-w", "start"]);
      },
      destroy,
    };
  } catch (err) {
    await destroy();
    throw err;
  }
}
