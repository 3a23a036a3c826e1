/**
 * Formula benchmark: how many evaluations per second the expression language sustains on a
 * reward formula ("3% of the sale, capped at 10,000"), compiled once and evaluated against
 * varying sale payloads, next to json-logic-js evaluating the equivalent rule on plain
 * numbers (which it does with binary floats, not exact money).
 */
import jsonLogic from "json-logic-js";
import {
  catalogTypeEnv,
  compileExpression,
  type Scope,
} from "../packages/workflow/src/expr/index.ts";

/** Same shape as bench/lib.ts `BenchResult` (kept local so this module has no DB imports). */
export interface ExprBenchResult {
  name: string;
  value: number;
  unit: string;
  target: number | null;
  backend: string;
}

const FORMULA = "min(event.amount * 3%, 10000 EUR)";
const JSON_LOGIC_RULE = { min: [{ "*": [{ var: "amount" }, 0.03] }, 10000] };
const VARIANTS = 1024;

/** Runs `step` in batches until `ms` have passed; returns iterations per second. */
function measure(ms: number, step: (i: number) => void): number {
  const batch = 50_000;
  for (let i = 0; i < batch; i++) step(i); // warm-up: let the JIT settle
  let n = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < batch; i++) step(n + i);
    n += batch;
    elapsed = performance.now() - t0;
  }
  return Math.round((n / elapsed) * 1000);
}

export async function run(opts: { durationMs?: number } = {}): Promise<ExprBenchResult[]> {
  const ms = opts.durationMs ?? 1500;
  const compiled = compileExpression(FORMULA, catalogTypeEnv({ eventType: "sale.recorded" }));
  if (!compiled.ok)
    throw new Error(`bench formula does not compile: ${JSON.stringify(compiled.errors)}`);
  const now = new Date("2026-05-14T00:00:00Z");
  const scopes: Scope[] = Array.from({ length: VARIANTS }, (_, i) => ({
    data: {
      event: {
        amount: {
          amount: `${(i * 977) % 500_000}.${String(i % 100).padStart(2, "0")}`,
          currency: "EUR",
        },
      },
    },
    now,
  }));
  const plain = scopes.map((_, i) => ({ amount: ((i * 977) % 500_000) + (i % 100) / 100 }));

  let sink = 0;
  const ours = measure(ms, (i) => {
    const v = compiled.evaluate(scopes[i & (VARIANTS - 1)]!) as { amountMinor: number };
    sink += v.amountMinor;
  });
  const theirs = measure(ms, (i) => {
    sink += jsonLogic.apply(JSON_LOGIC_RULE, plain[i & (VARIANTS - 1)]) as number;
  });
  if (Number.isNaN(sink)) throw new Error("unreachable: keeps the results alive");
  await Promise.resolve();
  return [
    {
      name: "formula expression evaluations/s",
      value: ours,
      unit: "evals/s",
      target: 1_000_000,
      backend: "cpu",
    },
    {
      name: "formula evaluations/s (json-logic-js, float)",
      value: theirs,
      unit: "evals/s",
      target: null,
      backend: "cpu",
    },
  ];
}

export const area = "workflow";

export default { area, run };

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run())
    console.log(`${r.name}: ${r.value.toLocaleString("en-US")} ${r.unit}`);
}
