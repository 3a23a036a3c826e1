import { describe, expect, it } from "vitest";
import {
  compileExpression,
  ExprRuntimeError,
  runExpression,
  toDomainMoney,
  type ExprValue,
} from "./index.ts";
import { NOW, testEnv, testScope } from "./test-helpers.ts";

function evaluate(src: string, scope = testScope()): ExprValue {
  const c = compileExpression(src, testEnv);
  if (!c.ok) throw new Error(`${src}: ${JSON.stringify(c.errors)}`);
  return c.evaluate(scope);
}

const eur = (amountMinor: number) => ({ amountMinor, currency: "EUR" as const });
const usd = (amountMinor: number) => ({ amountMinor, currency: "USD" as const });

describe("arithmetic is exact decimal", () => {
  it.each<[string, ExprValue]>([
    ["0.1 + 0.2", 0.3],
    ["0.3 - 0.1", 0.2],
    ["1.1 * 3", 3.3],
    ["10 / 4", 2.5],
    ["1 / 3", 0.3333333333333333],
    ["0.7 / 0.1", 7],
    ["10 % 3", 1],
    ["10%3", 1],
    ["5.5 % 2", 1.5],
    ["3%", 0.03],
    ["12.5%", 0.125],
    ["-2 * -3", 6],
    ["- - 4", 4],
    ["10_000 + 1", 10001],
    ["vars.x + 0.2", 0.3],
    ["percent_of(15, 200)", 30],
    ["9007199254740991 + 0", 9007199254740991],
  ])("%s = %j", (src, expected) => {
    expect(evaluate(src)).toEqual(expected);
  });
});

describe("money", () => {
  it.each<[string, ExprValue]>([
    ["event.amount * 3%", eur(370)], // 3.7035 → 3.70 EUR
    ["3% of event.amount", eur(370)],
    ["event.amount * 0.03", eur(370)],
    ["min(event.amount * 3%, 10000 EUR)", eur(370)],
    ["min(event.amount * 1000, 10000 EUR)", eur(1_000_000)],
    ["event.amount + 0.55 EUR", eur(12400)],
    ["event.amount - 23.45 EUR", eur(10000)],
    ["event.amount / 2", eur(6172)], // 61.725 → 61.72 (half to even)
    ["event.amount * 0.5", eur(6172)],
    ["12.35 EUR / 2", eur(618)], // 6.175 → 6.18 (half to even)
    ["2 * event.amount", eur(24690)],
    ["event.amount / 123.45 EUR", 1],
    ["-event.amount", eur(-12345)],
    ["round(event.amount)", eur(12300)],
    ["round(1234.5 EUR, -2)", eur(120000)],
    ["floor(event.amount)", eur(12300)],
    ["ceil(event.amount)", eur(12400)],
    ["abs(-5 USD)", usd(500)],
    ["1000 JPY * 3%", { amountMinor: 30, currency: "JPY" as const }],
    ["clamp(event.amount, 10 EUR, 100 EUR)", eur(10000)],
    ["max(vars.usd, 2000 USD)", usd(200000)],
    ["percent_of(3, event.amount)", eur(370)],
    ["event.amount > 100 EUR", true],
    ["event.amount == 123.45 EUR", true],
    ["event.amount == 123.45 USD", false],
    ['metric("sales_amount", "quarter") >= 25000 USD', true],
  ])("%s = %j", (src, expected) => {
    expect(evaluate(src)).toEqual(expected);
  });

  it("rounds half to even to the minor unit", () => {
    const at = (amount: string) => testScope({ event: { amount: { amount, currency: "EUR" } } });
    // 0.50 × 5% = 0.025 → 0.02; 0.70 × 5% = 0.035 → 0.04
    expect(evaluate("event.amount * 5%", at("0.50"))).toEqual(eur(2));
    expect(evaluate("event.amount * 5%", at("0.70"))).toEqual(eur(4));
    expect(evaluate("event.amount * 5%", at("-0.50"))).toEqual(eur(-2));
  });

  it("accepts runtime money in the scope and converts back to domain money", () => {
    const v = evaluate(
      "event.amount * 2",
      testScope({ event: { amount: { amountMinor: 101, currency: "USD" } } }),
    );
    expect(toDomainMoney(v as never)).toEqual({ amount: "2.02", currency: "USD" });
  });

  it.each([
    ["event.amount + 1 USD", "currency_mismatch"],
    ["min(event.amount, 10 USD)", "currency_mismatch"],
    ["vars.missing + 1", "missing_value"],
    ["vars.n / (vars.n - 7)", "division_by_zero"],
    ["event.amount / (vars.n - 7)", "division_by_zero"],
    ["vars.when > add_days(today(), vars.x)", "bad_argument"],
  ])("%s fails with %s", (src, code) => {
    const c = compileExpression(src, testEnv);
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    const r = runExpression(c, testScope());
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toBeInstanceOf(ExprRuntimeError);
      expect(r.error.code).toBe(code);
    }
  });

  it("reports data that does not match the catalog type as bad_value", () => {
    const c = compileExpression("event.amount * 2", testEnv);
    if (!c.ok) throw new Error("compile");
    const r = runExpression(c, testScope({ event: { amount: "lots" } }));
    expect(!r.ok && r.error.code).toBe("bad_value");
  });
});

describe("precedence and logic", () => {
  it.each<[string, ExprValue]>([
    ["1 + 2 * 3", 7],
    ["(1 + 2) * 3", 9],
    ["10 - 4 - 3", 3],
    ["2 * 3 % 4", 2],
    ["-2 * 3 + 1", -5],
    ["1 + 2 > 2 and 3 < 4", true],
    ["true or false and false", true],
    ["(true or false) and false", false],
    ["not 1 == 2", true],
    ["!true || true", true],
    ["not true and false", false],
    ['1 < 2 ? "a" : "b"', "a"],
    ["false ? 1 : true ? 2 : 3", 2],
    ['if(vars.n > 5, "big", "small")', "big"],
    ["1 = 1", true],
    ["1 != 1", false],
    ['partner.tier > "Silver"', true],
    ['partner.tier >= "Platinum"', false],
    ['partner.tier == "Gold" && partner.compliant', true],
    ['partner.region == "EMEA"', true],
    ["vars.missing > 3", false],
    ["vars.missing == null", true],
    ['"b" > "a"', true],
    ["vars.x > 3% and true", true],
    ["vars.x < 3% or false", false],
    ["max(event.amount, 123.45 EUR) == event.amount", true],
  ])("%s = %j", (src, expected) => {
    expect(evaluate(src)).toEqual(expected);
  });
});

describe("functions", () => {
  it.each<[string, ExprValue]>([
    ["min(3, 1, 2)", 1],
    ["max(3, 1, 2)", 3],
    ["round(2.5)", 3],
    ["round(-2.5)", -3],
    ["round(1.005, 2)", 1.01],
    ["round(1234.5678, 2)", 1234.57],
    ["floor(-1.5)", -2],
    ["ceil(1.2)", 2],
    ["abs(-3.5)", 3.5],
    ["clamp(15, 0, 10)", 10],
    ["clamp(-1, 0, 10)", 0],
    ['concat("a", 1, "-", true)', "a1-yes"],
    ['concat(partner.name, " ", event.amount)', "Acme <Tools> & Co €123.45"],
    ['upper("abc")', "ABC"],
    ["lower(partner.tier)", "gold"],
    ['length("hello")', 5],
    ['contains(partner.name, "tools")', true],
    ['contains("abc", "x")', false],
    ["coalesce(vars.missing, vars.n)", 7],
    ["coalesce(vars.missing, null)", null],
    ["days_between(vars.when, today())", 13],
    ["days_between(today(), vars.when)", -13],
    ['days_between(partner.createdAt, "2025-01-11" == "x" ? today() : vars.when)', 476],
    ["add_days(vars.when, 30) > today()", true],
    ['metric("sales_count", "90d") + 1', 13],
    ['"a" + "b"', "ab"],
  ])("%s = %j", (src, expected) => {
    expect(evaluate(src)).toEqual(expected);
  });

  it("reads the host clock, not the machine clock", () => {
    expect(evaluate("now()")).toEqual(NOW);
    expect(evaluate("today()")).toEqual(new Date("2026-05-14T00:00:00Z"));
    expect(evaluate("add_days(today(), 1)")).toEqual(new Date("2026-05-15T00:00:00Z"));
  });

  it("asks the host for metrics by catalog reference", () => {
    const seen: unknown[] = [];
    const scope = { ...testScope(), metric: (ref: unknown) => (seen.push(ref), 4) };
    expect(evaluate('metric("sales_count", "quarter", "premium") * 2', scope)).toBe(8);
    expect(seen).toEqual([
      {
        metric: "sales_count",
        window: { kind: "calendar", unit: "quarter" },
        productLine: "premium",
      },
    ]);
  });

  it("lists what an expression reads", () => {
    const c = compileExpression(
      'event.amount * 3% + metric("sales_amount", "year") * 0 + partner.tier',
      testEnv,
    );
    expect(c.ok).toBe(false);
    const ok = compileExpression('partner.tier == "Gold" and metric("open_leads") > 0', testEnv);
    if (!ok.ok) throw new Error(JSON.stringify(ok.errors));
    expect(ok.reads).toEqual({ paths: ["partner.tier"], metrics: [{ metric: "open_leads" }] });
    expect(ok.type).toEqual({ kind: "boolean" });
  });

  it("folds constants once, at compile time", () => {
    const c = compileExpression("10000 EUR * 2 + 1 EUR", testEnv);
    if (!c.ok) throw new Error("compile");
    expect(c.evaluate({ data: {}, now: NOW })).toEqual(eur(2_000_100));
  });
});
