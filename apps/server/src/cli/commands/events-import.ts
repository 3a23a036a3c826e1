import { readFile } from "node:fs/promises";
import { z } from "zod";
import { ingestNdjson } from "@partnerflow/service";
import { defineCommand } from "../command.ts";
import { openFromEnv } from "../database.ts";

export const eventsImportCommand = defineCommand({
  name: "events import",
  summary: "Record the events of an NDJSON file (all or nothing, idempotent)",
  usage: "partnerflow events import FILE.ndjson",
  options: z.strictObject({}),
  positionals: z.tuple([z.string().min(1, "the file name is empty")], {
    error: "expects exactly one argument: the NDJSON file to import",
  }),
  flagHelp: {},
  examples: ["partnerflow events import events.ndjson"],
  async run({ positionals: [file] }, io) {
    const env = io.env();
    const text = await readFile(file, "utf8");
    const database = await openFromEnv(env);
    try {
      const result = await ingestNdjson(database.db, text);
      const body = result.body;
      if (body.ok && "count" in body) {
        io.out(
          `Imported ${file}: ${body.count} events, ${body.recorded} recorded, ${body.duplicates} already present.`,
        );
        return 0;
      }
      io.err(`Nothing imported from ${file} (${result.status}): ${body.ok ? "" : body.error}`);
      if (!body.ok) {
        for (const issue of body.issues) {
          io.err(`  line ${issue.line ?? "?"}: ${issue.path}: ${issue.message}`);
        }
      }
      return 1;
    } finally {
      await database.close();
    }
  },
});
