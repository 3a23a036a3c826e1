import type { ParseArgsConfig } from "node:util";
import { z } from "zod";
import type { ServerEnv } from "../env.ts";

/** Where a command writes and how it reads its configuration (injectable for tests). */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** The validated environment; throws EnvError naming the bad variable. */
  env(): ServerEnv;
  /** Resolves when the user asks a long-running command to stop (SIGINT/SIGTERM). */
  stopSignal(): Promise<string>;
}

/** Flags are a zod object: keys are the flag names, booleans are switches, the rest take values. */
export type Flags = z.ZodObject;

/**
 * One CLI command. `options` validates the flags (numbers via z.coerce), `positionals` the
 * remaining arguments; `run` gets both parsed and returns the exit code.
 */
export interface Command<F extends Flags = Flags, P extends z.ZodType = z.ZodType> {
  /** One or more words: "seed", "events import". */
  readonly name: string;
  readonly summary: string;
  /** The synopsis line(s) shown by --help. */
  readonly usage: string;
  readonly options: F;
  readonly positionals: P;
  /** One line per flag for --help, keyed by flag name. */
  readonly flagHelp: { readonly [K in keyof z.infer<F>]-?: string };
  readonly examples?: readonly string[];
  run(args: { flags: z.infer<F>; positionals: z.infer<P> }, io: CliIo): Promise<number>;
}

/** Declares a command with its types inferred from its zod schemas. */
export function defineCommand<F extends Flags, P extends z.ZodType>(cmd: Command<F, P>): Command {
  return cmd;
}

/** No positional arguments allowed. */
export const NoPositionals = z.tuple([], { error: "this command takes no arguments" });

/** Unwraps optional/default/coercion wrappers to see whether a flag is a boolean switch. */
function isBoolean(schema: z.ZodType): boolean {
  let s: z.ZodType = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) {
      s = s.unwrap() as z.ZodType;
    } else {
      return s instanceof z.ZodBoolean;
    }
  }
}

/** The node:util parseArgs configuration derived from a command's flag schema. */
export function parseArgsOptions(cmd: Command): NonNullable<ParseArgsConfig["options"]> {
  const options: NonNullable<ParseArgsConfig["options"]> = {
    help: { type: "boolean", short: "h" },
  };
  for (const [name, schema] of Object.entries(cmd.options.shape)) {
    options[name] = { type: isBoolean(schema as z.ZodType) ? "boolean" : "string" };
  }
  return options;
}
