import { readFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { z } from "zod";
import {
  activateWorkflow,
  createWorkflow,
  deactivateWorkflow,
  exportWorkflow,
  publishWorkflow,
  RuntimeError,
} from "@partnerflow/runtime";
import type { Database } from "@partnerflow/db";
import { defineCommand, type CliIo } from "../command.ts";
import { openFromEnv } from "../database.ts";

const IdArg = z.tuple([z.string({ error: "give the workflow id" }).min(1)], {
  error: "give exactly one workflow id",
});

/** Opens the database, runs `fn`, prints refusals (problems by node) and closes. */
async function withDatabase(io: CliIo, fn: (db: Database) => Promise<number>): Promise<number> {
  const database = await openFromEnv(io.env());
  try {
    return await fn(database);
  } catch (err) {
    if (err instanceof RuntimeError) {
      io.err(err.message);
      for (const p of err.problems)
        io.err(`  ${p.nodeId ?? "(graph)"} ${p.path.join(".")}: ${p.message} [${p.code}]`);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
  }
}

export const workflowImportCommand = defineCommand({
  name: "workflow import",
  summary: "Create a workflow (draft) from a graph JSON file",
  usage: "partnerflow workflow import FILE.json [--name NAME] [--publish NOTE] [--activate]",
  options: z.strictObject({
    name: z.string().min(1).max(200).optional(),
    publish: z.string().min(1, "the publish note must not be empty").optional(),
    activate: z.boolean().default(false),
  }),
  positionals: z.tuple([z.string({ error: "give the graph file" }).min(1)], {
    error: "give exactly one file",
  }),
  flagHelp: {
    name: "Workflow name (default: the file name)",
    publish: "Also publish version 1 with this note",
    activate: "Also activate the published version (needs --publish)",
  },
  examples: ["partnerflow workflow import milestone.json --publish 'first version' --activate"],
  async run({ flags, positionals: [file] }, io) {
    let graph: unknown;
    try {
      graph = JSON.parse(await readFile(file, "utf8"));
    } catch (e) {
      io.err(`${file}: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
    return withDatabase(io, async (database) => {
      const { id } = await createWorkflow(database.db, {
        name: flags.name ?? basename(file, ".json"),
        graph,
      });
      io.out(`Imported workflow ${id}`);
      if (flags.publish) {
        const { version, hash } = await publishWorkflow(database.db, { id, note: flags.publish });
        io.out(`Published version ${version} (${hash.slice(0, 12)})`);
        if (flags.activate) {
          await activateWorkflow(database.db, { id, version });
          io.out(`Activated version ${version}`);
        }
      }
      return 0;
    });
  },
});

export const workflowPublishCommand = defineCommand({
  name: "workflow publish",
  summary: "Compile a workflow's draft and store it as the next immutable version",
  usage: "partnerflow workflow publish ID --note NOTE [--author NAME]",
  options: z.strictObject({
    note: z.string({ error: "--note is required" }).min(1, "the note must not be empty"),
    author: z.string().min(1).optional(),
  }),
  positionals: IdArg,
  flagHelp: { note: "What changed (required)", author: "Who published" },
  async run({ flags, positionals: [id] }, io) {
    return withDatabase(io, async (database) => {
      const { version, hash } = await publishWorkflow(database.db, {
        id,
        note: flags.note,
        author: flags.author,
      });
      io.out(`Published ${id} version ${version} (${hash.slice(0, 12)})`);
      return 0;
    });
  },
});

export const workflowActivateCommand = defineCommand({
  name: "workflow activate",
  summary: "Make a published version the live one",
  usage: "partnerflow workflow activate ID --version N",
  options: z.strictObject({
    version: z.coerce.number({ error: "--version must be a number" }).int().min(1),
  }),
  positionals: IdArg,
  flagHelp: { version: "The version number to activate" },
  async run({ flags, positionals: [id] }, io) {
    return withDatabase(io, async (database) => {
      await activateWorkflow(database.db, { id, version: flags.version });
      io.out(`Activated ${id} version ${flags.version}`);
      return 0;
    });
  },
});

export const workflowDeactivateCommand = defineCommand({
  name: "workflow deactivate",
  summary: "Stop new runs of a workflow (parked runs finish on their version)",
  usage: "partnerflow workflow deactivate ID",
  options: z.strictObject({}),
  positionals: IdArg,
  flagHelp: {},
  async run({ positionals: [id] }, io) {
    return withDatabase(io, async (database) => {
      await database.db.transaction((tx) => deactivateWorkflow(tx, { id }));
      io.out(`Deactivated ${id}`);
      return 0;
    });
  },
});

export const workflowExportCommand = defineCommand({
  name: "workflow export",
  summary: "Print (or write) a workflow's graph JSON: a version, or the draft",
  usage: "partnerflow workflow export ID [--version N] [--out FILE]",
  options: z.strictObject({
    version: z.coerce.number({ error: "--version must be a number" }).int().min(1).optional(),
    out: z.string().min(1).optional(),
  }),
  positionals: IdArg,
  flagHelp: {
    version: "Version to export (default: the draft)",
    out: "Write to this file instead of stdout",
  },
  async run({ flags, positionals: [id] }, io) {
    return withDatabase(io, async (database) => {
      const graph = await exportWorkflow(database.db, { id, version: flags.version });
      const json = `${JSON.stringify(graph, null, 2)}\n`;
      if (flags.out) await writeFile(flags.out, json);
      else io.out(json.trimEnd());
      return 0;
    });
  },
});
