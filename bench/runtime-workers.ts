/**
 * Worker PROCESSES for the runtime bench: `partnerflow worker --concurrency 1` children with
 * DATABASE_URL pointed at the bench database, each a separate Node process with its own
 * connection pool, exactly as an operator would run them.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../apps/server/bin/partnerflow.mjs", import.meta.url));

export interface WorkerProcesses {
  /** The worker processes' pids (for CPU readings from /proc). */
  pids: number[];
  stop(): Promise<void>;
}

function startOne(
  databaseUrl: string,
  index: number,
  extraEnv: Record<string, string>,
): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(
    process.execPath,
    [
      // As `npm run worker` starts them: a small young generation keeps each collection short
      // (docs/runtime.md, "Running more workers").
      "--max-semi-space-size=8",
      // BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": profile the workers.
      ...(process.env["BENCH_WORKER_NODE_ARGS"]?.split(" ").filter(Boolean) ?? []),
      BIN,
      "worker",
      "--concurrency",
      "1",
    ],
    {
      // Exactly this environment, nothing inherited: the bench decides the database.
      env: { DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  // BENCH_WORKER_LOG=/tmp/worker.log: everything the workers print (with --trace-gc, say).
  const log = process.env["BENCH_WORKER_LOG"];
  if (log) {
    const file = createWriteStream(`${log}.${index}`);
    child.stdout?.pipe(file);
    child.stderr?.pipe(file);
  }
  const tail: string[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      tail.push(text);
      if (tail.length > 20) tail.shift();
      if (/Worker running/.test(text)) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) =>
      reject(
        new Error(`bench worker ${index} exited (${code}) before it was ready:\n${tail.join("")}`),
      ),
    );
  });
  return { child, ready };
}

/** Starts `count` worker processes and resolves once every one says it is running. */
export async function startWorkerProcesses(
  databaseUrl: string,
  count: number,
  extraEnv: Record<string, string> = {},
): Promise<WorkerProcesses> {
  const workers = Array.from({ length: count }, (_, i) => startOne(databaseUrl, i, extraEnv));
  const stop = async () => {
    await Promise.all(
      workers.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
            child.once("exit", () => {
              clearTimeout(force);
              resolve();
            });
            child.kill("SIGTERM");
          }),
      ),
    );
  };
  try {
    await Promise.all(workers.map((w) => w.ready));
  } catch (err) {
    await stop();
    throw err;
  }
  return { pids: workers.map(({ child }) => child.pid ?? 0), stop };
}
