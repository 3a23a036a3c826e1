import { z } from "zod";
import { loadDemoHistory } from "@partnerflow/demo";
import { defineCommand, NoPositionals } from "../command.ts";
import { DEFAULT_DEMO, describeDatabase, openFromEnv } from "../database.ts";

const int = (what: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be at least ${min}`)
    .max(max, `${what} must be at most ${max}`);

export const seedCommand = defineCommand({
  name: "seed",
  summary: "Load a deterministic demo history (partners, sales, deals, …) into the database",
  usage: "partnerflow seed [--partners N] [--years Y] [--seed S] [--end-date ISO]",
  options: z.strictObject({
    partners: int("partners", 1, 100_000).default(DEFAULT_DEMO.partners),
    years: int("years", 1, 20).default(DEFAULT_DEMO.years),
    seed: int("seed", 0, 2 ** 31 - 1).default(DEFAULT_DEMO.seed),
    "end-date": z.iso
      .datetime({
        offset: true,
        message: "must be an ISO 8601 date-time, e.g. 2026-06-30T00:00:00Z",
      })
      .optional(),
  }),
  positionals: NoPositionals,
  flagHelp: {
    partners: `How many partners (default ${DEFAULT_DEMO.partners})`,
    years: `Years of history ending at --end-date (default ${DEFAULT_DEMO.years})`,
    seed: `Random seed: same seed and size give the same history (default ${DEFAULT_DEMO.seed})`,
    "end-date": "Last instant of the history (default: now)",
  },
  examples: ["partnerflow seed", "partnerflow seed --partners 1000 --years 3 --seed 7"],
  async run({ flags }, io) {
    const env = io.env();
    const database = await openFromEnv(env);
    try {
      io.err(`Loading demo history into ${describeDatabase(env)}…`);
      const endDate = flags["end-date"];
      const result = await loadDemoHistory(database, {
        partners: flags.partners,
        years: flags.years,
        seed: flags.seed,
        ...(endDate ? { endDate: new Date(endDate) } : {}),
        onProgress: (events) => io.err(`  ${events} events`),
      });
      io.out(
        `Loaded ${result.events} events for ${result.partners} partners in ${(result.ms / 1000).toFixed(1)} s.`,
      );
      return 0;
    } finally {
      await database.close();
    }
  },
});
