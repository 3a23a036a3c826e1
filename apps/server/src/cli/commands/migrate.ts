import { z } from "zod";
import { defineCommand, NoPositionals } from "../command.ts";
import { describeDatabase, openFromEnv } from "../database.ts";

export const migrateCommand = defineCommand({
  name: "migrate",
  summary: "Apply pending database migrations (drizzle/) and exit",
  usage: "partnerflow migrate",
  options: z.strictObject({}),
  positionals: NoPositionals,
  flagHelp: {},
  examples: [
    "partnerflow migrate",
    "DATABASE_URL=postgres://postgres@127.0.0.1/pf partnerflow migrate",
  ],
  async run(_args, io) {
    const env = io.env();
    const database = await openFromEnv(env);
    await database.close();
    io.out(`Migrations applied (${describeDatabase(env)}).`);
    return 0;
  },
});
