/**
 * Every benchmark area. Adding one: write bench/<area>.ts exporting a `BenchModule`
 * (`{ area, run(ctx) }`) and add one line below.
 */
import type { BenchModule } from "./lib.ts";
import { foundation } from "./foundation.ts";
import { run as runExpr } from "./expr.ts";
import { workflow } from "./workflow.ts";
import { runtime } from "./runtime.ts";
import { canvas } from "./canvas.ts";

export const BENCHMARKS: readonly BenchModule[] = [
  foundation,
  workflow,
  runtime,
  canvas,
  {
    area: "expr",
    run: async () => (await runExpr()).map((r) => ({ ...r, target: r.target ?? null })),
  },
];
