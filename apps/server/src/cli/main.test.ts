import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parseEnv } from "../env.ts";
import type { CliIo } from "./command.ts";
import { main } from "./main.ts";
import { COMMANDS } from "./registry.ts";

/** Runs the CLI in-process with captured output and a given environment. */
async function run(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: () => parseEnv(env),
    stopSignal: () => new Promise(() => {}),
  };
  const code = await main(argv, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("partnerflow CLI", () => {
  it("lists every registered command in the top-level help", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    for (const cmd of COMMANDS) expect(r.out).toContain(`${cmd.name}  `);
  });

  it.each(COMMANDS.map((c) => [c.name]))("shows usage and flags for '%s --help'", async (name) => {
    const cmd = COMMANDS.find((c) => c.name === name)!;
    const r = await run([...name.split(" "), "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Usage: ${cmd.usage}`);
    for (const flag of Object.keys(cmd.options.shape)) expect(r.out).toContain(`--${flag}`);
  });

  it.each([
    [["deploy"], "unknown command 'deploy'"],
    [["seed", "--partners", "many"], "--partners: partners must be a number"],
    [["seed", "--years=0"], "--years: years must be at least 1"],
    [["seed", "--colour", "red"], "Unknown option '--colour'"],
    [["start", "--port", "99999"], "--port: port must be between 0 and 65535"],
    [["migrate", "extra"], "arguments: this command takes no arguments"],
    [["events"], "'events' needs a subcommand: events import"],
    [["events", "import"], "expects exactly one argument"],
  ])("exits 2 with a clear error for %j", async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  it("exits 2 naming the variable when the environment is invalid", async () => {
    const r = await run(["migrate"], { PORT: "eighty" });
    expect(r.code).toBe(2);
    expect(r.err).toContain("PORT:");
  });

  it("imports an NDJSON file into a file-backed database, all or nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pf-cli-"));
    const created = {
      type: "partner.created",
      partnerId: "p-cli",
      idempotencyKey: "cli-1",
      payload: {
        name: "CLI Partner",
        tier: "Gold",
        region: "NA",
        country: "US",
        type: "var",
        status: "active",
      },
    };
    const good = join(dir, "good.ndjson");
    writeFileSync(good, `${JSON.stringify(created)}\n`);
    const bad = join(dir, "bad.ndjson");
    // The bad file starts with the good event: had it been written, the good import would see a duplicate.
    writeFileSync(bad, `${JSON.stringify(created)}\n{oops\n`);
    const env = { DATA_DIR: join(dir, "data") };

    const failed = await run(["events", "import", bad], env);
    expect(failed.code).toBe(1);
    expect(failed.err).toContain("line 2: (root): malformed JSON");

    const ok = await run(["events", "import", good], env);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("1 events, 1 recorded, 0 already present");
  }, 120_000);

  it("runs through the bin script (tsx registration)", async () => {
    const bin = fileURLToPath(new URL("../../bin/partnerflow.mjs", import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [bin, "--help"]);
    expect(stdout).toContain("Usage: partnerflow <command> [options]");
  }, 60_000);
});
