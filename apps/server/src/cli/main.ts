import { parseArgs } from "node:util";
import { EnvError, parseEnv } from "../env.ts";
import { parseArgsOptions, type CliIo, type Command } from "./command.ts";
import { COMMANDS } from "./registry.ts";

const BIN = "partnerflow";

/** The real process: stdout/stderr, process.env, SIGINT/SIGTERM. */
export function processIo(): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: () => parseEnv(),
    stopSignal: () =>
      new Promise((resolve) => {
        const on = (signal: string) => {
          process.off("SIGINT", on);
          process.off("SIGTERM", on);
          resolve(signal);
        };
        process.on("SIGINT", on);
        process.on("SIGTERM", on);
      }),
  };
}

function topHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "Partnerflow: automation builder for partner programs.",
    "",
    `Usage: ${BIN} <command> [options]`,
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    `Run '${BIN} <command> --help' for a command's options.`,
    "Configuration comes from the environment: PORT, HOST, DATABASE_URL, DATA_DIR,",
    "PARTNERFLOW_API_KEY, LOG_LEVEL, SMTP_URL, RUNTIME_LEASE_MS, RUNTIME_INLINE_RUNS (see docs/cli.md).",
  ].join("\n");
}

/** The --help text of one command: synopsis, flags, examples. */
export function commandHelp(cmd: Command): string {
  const flags = Object.entries(cmd.flagHelp as Record<string, string>);
  const width = Math.max(6, ...flags.map(([name]) => name.length + 2));
  return [
    `${BIN} ${cmd.name}: ${cmd.summary}`,
    "",
    `Usage: ${cmd.usage}`,
    "",
    "Options:",
    ...flags.map(([name, text]) => `  ${`--${name}`.padEnd(width)}  ${text}`),
    `  ${"--help".padEnd(width)}  Show this help`,
    ...(cmd.examples?.length ? ["", "Examples:", ...cmd.examples.map((e) => `  ${e}`)] : []),
  ].join("\n");
}

/** The command whose (possibly multi-word) name is the longest prefix of argv. */
function findCommand(argv: readonly string[]): { cmd: Command; rest: string[] } | null {
  let best: Command | null = null;
  for (const cmd of COMMANDS) {
    const words = cmd.name.split(" ");
    const matches = words.every((w, i) => argv[i] === w);
    if (matches && (!best || words.length > best.name.split(" ").length)) best = cmd;
  }
  return best ? { cmd: best, rest: argv.slice(best.name.split(" ").length) } : null;
}

/**
 * Runs the CLI and returns the exit code: 0 success, 1 the command failed, 2 the command line
 * or the environment is wrong.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [first] = argv;
  if (first === undefined || first === "--help" || first === "-h" || first === "help") {
    const target = first === "help" ? findCommand(argv.slice(1)) : null;
    if (target) io.out(commandHelp(target.cmd));
    else io.out(topHelp());
    return first === undefined ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${first} `));
    if (group.length > 0) {
      io.err(`'${first}' needs a subcommand: ${group.map((c) => c.name).join(", ")}`);
    } else {
      io.err(`error: unknown command '${first}'. Run '${BIN} --help' for the list.`);
    }
    return 2;
  }
  const { cmd, rest } = found;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: parseArgsOptions(cmd),
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    io.err(`error: ${(err as Error).message}`);
    io.err(`Run '${BIN} ${cmd.name} --help' for its options.`);
    return 2;
  }
  const { help, ...values } = parsed.values;
  if (help) {
    io.out(commandHelp(cmd));
    return 0;
  }
  const flags = cmd.options.safeParse(values);
  const positionals = cmd.positionals.safeParse(parsed.positionals);
  if (!flags.success || !positionals.success) {
    for (const issue of flags.error?.issues ?? []) {
      io.err(`error: --${issue.path.map(String).join(".")}: ${issue.message}`);
    }
    for (const issue of positionals.error?.issues ?? []) {
      const where = issue.path.length > 0 ? `argument ${Number(issue.path[0]) + 1}` : "arguments";
      io.err(`error: ${where}: ${issue.message}`);
    }
    io.err(`Usage: ${cmd.usage}`);
    return 2;
  }
  try {
    return await cmd.run({ flags: flags.data, positionals: positionals.data }, io);
  } catch (err) {
    if (err instanceof EnvError) {
      io.err(err.message);
      return 2;
    }
    io.err(`error: ${(err as Error).message ?? String(err)}`);
    return 1;
  }
}
