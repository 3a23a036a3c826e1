import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compileExpression,
  compileTemplate,
  ExprRuntimeError,
  LIMITS,
  parseExpression,
  parseTemplate,
  renderTemplate,
  type Scope,
} from "./index.ts";
import { testEnv, testScope } from "./test-helpers.ts";

describe("hostile input is rejected or inert", () => {
  it.each([
    'constructor.constructor("return process")()',
    "partner.__proto__",
    "partner.constructor.prototype",
    "partner.prototype",
    'x["constructor"]',
    "partner['name']",
    "`${process.exit()}`",
    "${process.exit()}",
    "process.exit()",
    "(() => 1)()",
    "a = 1; b",
    "this",
    "globalThis.process",
    "new Date()",
    "partner.name.length",
    "toString()",
    "valueOf()",
    'hasOwnProperty("x")',
    'eval("1")',
    'Function("return 1")',
    "__defineGetter__",
    'import("fs")',
    'require("fs")',
  ])("%s", (src) => {
    const c = compileExpression(src, testEnv);
    expect(c.ok).toBe(false);
    if (!c.ok) {
      for (const e of c.errors) {
        expect(e.start).toBeGreaterThanOrEqual(0);
        expect(e.end).toBeGreaterThanOrEqual(e.start);
        expect(e.message.length).toBeGreaterThan(0);
      }
    }
  });

  it("never reads inherited properties, even when the catalog declares such a name", () => {
    // A catalog that (wrongly) declares `partner.toString` still reads own data only.
    const env = {
      resolve: (p: readonly string[]) =>
        p.join(".") === "partner.toString" ? { kind: "unknown" as const } : undefined,
      paths: () => ["partner.toString"],
    };
    const c = compileExpression("partner.toString", env);
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    expect(c.evaluate(testScope())).toBeNull();
    // Objects that are not plain data (class instances, functions) are not walked.
    const withFn = testScope({ partner: { toString: () => "pwned" } });
    expect(c.evaluate(withFn)).toBeNull();
    const nonPlain = testScope({
      partner: new (class {
        toString = "x";
      })(),
    });
    expect(c.evaluate(nonPlain)).toBeNull();
  });

  it("keeps template-literal syntax inside strings as plain text", () => {
    const c = compileExpression('concat("${process.exit()}", "`x`")', testEnv);
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    expect(c.evaluate(testScope())).toBe("${process.exit()}`x`");
  });

  it.each([
    "{{constructor.constructor('x')()}}",
    "{{ partner.__proto__ }}",
    "{{ `x` }}",
    "{{ ${x} }}",
  ])("template %s is rejected", (src) => {
    expect(compileTemplate(src, testEnv).ok).toBe(false);
  });

  it("renders template-like data verbatim instead of interpreting it", () => {
    const t = compileTemplate("Hi {{partner.name}}", testEnv);
    if (!t.ok) throw new Error("compile");
    const scope = testScope({ partner: { name: "{{constructor.constructor('x')()}} ${1+1}" } });
    expect(renderTemplate(t, scope)).toBe("Hi {{constructor.constructor('x')()}} ${1+1}");
  });

  it("rejects 10,000 nested parentheses with a depth error, without overflowing the stack", () => {
    const src = "(".repeat(900) + "1" + ")".repeat(900);
    const r = parseExpression(src);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toContain("nested too deeply");
    const huge = parseExpression("(".repeat(10_000) + "1" + ")".repeat(10_000));
    expect(huge.ok).toBe(false);
    const deepTemplate = parseTemplate(`{{${"-".repeat(1_500)}1}}`);
    expect(deepTemplate.ok).toBe(false);
  });

  it("rejects 10 MB input by its size before reading it", () => {
    const big = "1+".repeat(5_000_000) + "1";
    const r = parseExpression(big);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toContain("too long");
    expect(parseTemplate("x".repeat(10_000_000)).ok).toBe(false);
  });

  it("caps strings produced at run time", () => {
    const c = compileExpression("concat(vars.text, vars.text)", testEnv);
    if (!c.ok) throw new Error("compile");
    const long = "x".repeat(LIMITS.maxStringLength);
    expect(() => c.evaluate(testScope({ vars: { text: long } }))).toThrow(ExprRuntimeError);
  });
});

/** Sources built from the grammar, typed so most of them check; the rest must fail cleanly. */
const num = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constantFrom(
    "0.1",
    "0.2",
    "3%",
    "12.5%",
    "0",
    "vars.n",
    "vars.x",
    "vars.missing",
    "length(vars.text)",
  ),
);
const money = fc.constantFrom(
  "event.amount",
  "10000 EUR",
  "0.01 EUR",
  "5 USD",
  "vars.usd",
  'metric("sales_amount", "quarter")',
);
const leaf = fc.oneof(
  num,
  money,
  fc.constantFrom('"a"', "partner.tier", "true", "null", "today()", "vars.when", "vars.anything"),
);
const source: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc
      .tuple(
        tie("e"),
        fc.constantFrom("+", "-", "*", "/", "%", "==", "!=", "<", ">=", "and", "or", "of"),
        tie("e"),
      )
      .map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie("e").map((a) => `-(${a})`),
    tie("e").map((a) => `not (${a})`),
    fc.tuple(tie("e"), tie("e"), tie("e")).map(([a, b, c]) => `(${a} ? ${b} : ${c})`),
    fc
      .tuple(
        fc.constantFrom(
          "min",
          "max",
          "round",
          "floor",
          "ceil",
          "abs",
          "clamp",
          "concat",
          "upper",
          "length",
          "coalesce",
          "percent_of",
          "days_between",
          "add_days",
          "if",
        ),
        fc.array(tie("e"), { minLength: 1, maxLength: 3 }),
      )
      .map(([f, args]) => `${f}(${args.join(", ")})`),
  ),
})).e;

describe("properties", () => {
  it("parseExpression never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const r = parseExpression(s);
        expect(typeof r.ok).toBe("boolean");
      }),
      { numRuns: 2000 },
    );
  });

  it("parseTemplate never throws on arbitrary text", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }).map((s) => s.replace(/\|/g, "{{")),
        (s) => {
          expect(typeof parseTemplate(s).ok).toBe("boolean");
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("expressions from the grammar compile or fail with positioned errors, and evaluate to a value or a typed error", () => {
    const scopes: Scope[] = [
      testScope(),
      testScope({ event: { amount: { amount: "0.00", currency: "EUR" } }, vars: {} }),
      { data: {}, now: new Date(0) },
    ];
    fc.assert(
      fc.property(source, (src) => {
        const c = compileExpression(src, testEnv);
        if (!c.ok) {
          expect(c.errors.length).toBeGreaterThan(0);
          return;
        }
        for (const scope of scopes) {
          try {
            c.evaluate(scope);
          } catch (e) {
            if (!(e instanceof ExprRuntimeError)) throw e;
          }
        }
      }),
      { numRuns: 1500 },
    );
  });
});
