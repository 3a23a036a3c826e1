import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { TEMPLATES } from "@partnerflow/workflow/fixtures";
import { parseEnv } from "../../env.ts";
import type { CliIo } from "../command.ts";
import { main } from "../main.ts";

const dir = mkdtempSync(join(tmpdir(), "pf-validate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a file into the temp folder and returns its path. */
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** Runs the CLI in-process with captured output. */
async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: () => parseEnv({}),
    stopSignal: () => new Promise(() => {}),
  };
  const code = await main(argv, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const template = TEMPLATES[0]!;
const valid = JSON.stringify(template.graph, null, 2);

/** The template with two problems on one node and one on another. */
function broken(): string {
  const g = structuredClone(template.graph);
  const [trigger, second] = g.nodes;
  if (!trigger || !second) throw new Error("the template needs two nodes");
  trigger.config = { ...trigger.config, eventType: "no.such_event" };
  second.typeVersion = 99;
  g.edges.push({ ...g.edges[0]!, id: "dup" });
  return JSON.stringify(g);
}

const JsonResult = z.strictObject({
  ok: z.boolean(),
  hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  problems: z.array(
    z.strictObject({
      nodeId: z.string().nullable(),
      path: z.array(z.union([z.string(), z.number()])),
      code: z.string(),
      message: z.string(),
    }),
  ),
});

describe("partnerflow workflow validate", () => {
  it("exits 0 for a valid document and prints its hash", async () => {
    const path = file("valid.json", valid);
    const r = await run(["workflow", "validate", path]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^${path}: OK \\(hash [0-9a-f]{12}\\)$`));
  });

  it("prints problems grouped by node and exits 1", async () => {
    const path = file("broken.json", broken());
    const r = await run(["workflow", "validate", path]);
    expect(r.code).toBe(1);
    const lines = r.out.split("\n");
    expect(lines[0]).toMatch(new RegExp(`^${path}: \\d+ problems$`));
    const [trigger, second] = template.graph.nodes;
    // Each node appears once as a heading, its problems indented under it with path and code.
    const heading = (id: string) => lines.indexOf(`  ${id}`);
    expect(heading(trigger!.id)).toBeGreaterThan(0);
    expect(heading(second!.id)).toBeGreaterThan(0);
    expect(lines.filter((l) => l === `  ${trigger!.id}`)).toHaveLength(1);
    const under = (id: string) => {
      const from = heading(id) + 1;
      const end = lines.findIndex((l, i) => i >= from && /^ {2}\S/.test(l));
      return lines.slice(from, end === -1 ? undefined : end);
    };
    expect(under(trigger!.id)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ {4}config\.eventType: unknown event type.*\[invalid_config\]$/),
        expect.stringMatching(/^ {4}edges\.dup: .*\[duplicate_edge\]$/),
      ]),
    );
    expect(under(second!.id)).toEqual([
      expect.stringMatching(/^ {4}typeVersion: .* \[unsupported_type_version\]$/),
    ]);
  });

  it.each([
    ["valid.json", valid, 0, true],
    ["broken.json", broken(), 1, false],
  ])("--json output for %s parses and matches the exit code", async (name, text, code, ok) => {
    const r = await run(["workflow", "validate", file(name, text), "--json"]);
    expect(r.code).toBe(code);
    const parsed = JsonResult.parse(JSON.parse(r.out));
    expect(parsed.ok).toBe(ok);
    expect(parsed.problems.length === 0).toBe(ok);
    expect(parsed.hash !== undefined).toBe(ok);
  });

  it("gives a clear error for malformed JSON and for a missing file", async () => {
    const bad = file("malformed.json", '{"nodes": [');
    const r = await run(["workflow", "validate", bad]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain(`${bad}: cannot read JSON (`);
    const missing = await run(["workflow", "validate", join(dir, "nope.json")]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("nope.json: cannot read JSON (ENOENT");
  });

  it("reports a JSON value that is not a graph as a document problem", async () => {
    const r = await run(["workflow", "validate", file("array.json", "[1, 2]"), "--json"]);
    expect(r.code).toBe(1);
    const parsed = JsonResult.parse(JSON.parse(r.out));
    expect(parsed.problems[0]).toMatchObject({ nodeId: null, code: "invalid_document" });
  });
});
