/**
 * `npm run bench [-- --only <area>[,<area>]]`: runs the registered benchmark areas, prints an
 * aligned table (value, target, pass/miss) and writes bench/results.json.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { BENCHMARKS } from "./index.ts";
import { meets, type BenchContext, type BenchResult } from "./lib.ts";

const DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test";

function fmt(n: number | null): string {
  if (n === null) return "-";
  return Number.isInteger(n)
    ? n.toLocaleString("en-US")
    : n.toLocaleString("en-US", { maximumFractionDigits: 2 });
}

/** The aligned result table. */
export function formatTable(results: readonly BenchResult[]): string {
  const rows = results.map((r) => [
    r.name,
    r.backend,
    fmt(r.value),
    r.unit,
    r.target === null
      ? "-"
      : `${(r.better ?? "higher") === "higher" ? ">=" : "<="} ${fmt(r.target)}`,
    r.target === null ? "info" : meets(r) ? "pass" : "MISS",
  ]);
  const head = ["benchmark", "backend", "value", "unit", "target", "result"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { only: { type: "string" }, help: { type: "boolean", short: "h" } },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(
      `npm run bench [-- --only <area>[,<area>]]\n\nareas: ${BENCHMARKS.map((b) => b.area).join(", ")}\n` +
        "PostgreSQL server: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test)\n" +
        "writes bench/results.json; see docs/benchmarks.md\n",
    );
    return;
  }
  const only = values.only
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = only?.filter((a) => !BENCHMARKS.some((b) => b.area === a)) ?? [];
  if (unknown.length > 0) {
    throw new Error(
      `unknown area ${unknown.join(", ")}; known: ${BENCHMARKS.map((b) => b.area).join(", ")}`,
    );
  }
  const ctx: BenchContext = {
    postgresUrl: process.env["BENCH_DATABASE_URL"] ?? DEFAULT_POSTGRES_URL,
    log: (m) => process.stderr.write(`[bench] ${m}\n`),
  };
  const results: BenchResult[] = [];
  const started = performance.now();
  for (const b of BENCHMARKS) {
    if (only && !only.includes(b.area)) continue;
    ctx.log(`area ${b.area}…`);
    const t0 = performance.now();
    results.push(...(await b.run(ctx)));
    ctx.log(`area ${b.area} done in ${Math.round((performance.now() - t0) / 1000)} s`);
  }
  process.stdout.write(`${formatTable(results)}\n`);
  process.stdout.write(
    `\n${results.length} figures in ${Math.round((performance.now() - started) / 1000)} s\n`,
  );
  const out = fileURLToPath(new URL("./results.json", import.meta.url));
  const json = results.map(({ name, value, unit, target, backend }) => ({
    name,
    value,
    unit,
    target,
    backend,
  }));
  writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`wrote ${out}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
