import { readFileSync } from "node:fs";
import { z } from "zod";
import { compileWorkflow, type Problem } from "@partnerflow/workflow";
import { defineCommand } from "../command.ts";

/** `partnerflow workflow validate FILE.json [--json]`: problems grouped by node; exit 1 if any. */
export const workflowValidateCommand = defineCommand({
  name: "workflow validate",
  summary: "Validate a workflow graph document (JSON) and print its problems",
  usage: "partnerflow workflow validate FILE.json [--json]",
  options: z.strictObject({ json: z.boolean().optional() }),
  positionals: z.tuple([z.string().min(1, "give the workflow file to validate")]),
  flagHelp: { json: "print the result as JSON ({ ok, hash, problems })" },
  examples: [
    "partnerflow workflow validate welcome.json",
    "partnerflow workflow validate welcome.json --json",
  ],
  run({ flags, positionals }, io) {
    const [file] = positionals;
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      io.err(`${file}: cannot read JSON (${e instanceof Error ? e.message : String(e)})`);
      return Promise.resolve(1);
    }
    const r = compileWorkflow(doc);
    if (flags.json) {
      io.out(
        JSON.stringify(
          r.ok ? { ok: true, hash: r.hash, problems: [] } : { ok: false, problems: r.problems },
          null,
          2,
        ),
      );
      return Promise.resolve(r.ok ? 0 : 1);
    }
    if (r.ok) {
      io.out(`${file}: OK (hash ${r.hash.slice(0, 12)})`);
      return Promise.resolve(0);
    }
    const groups = new Map<string, Problem[]>();
    for (const p of r.problems) {
      const k = p.nodeId ?? "(workflow)";
      groups.set(k, [...(groups.get(k) ?? []), p]);
    }
    io.out(`${file}: ${r.problems.length} problem${r.problems.length === 1 ? "" : "s"}`);
    for (const [node, ps] of groups) {
      io.out(`  ${node}`);
      for (const p of ps)
        io.out(`    ${p.path.length ? `${p.path.join(".")}: ` : ""}${p.message} [${p.code}]`);
    }
    return Promise.resolve(1);
  },
});
