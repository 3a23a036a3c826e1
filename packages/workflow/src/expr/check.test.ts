import { describe, expect, it } from "vitest";
import { catalogTypeEnv, compileExpression, parseExpression, T } from "./index.ts";
import { testEnv } from "./test-helpers.ts";

function errorsOf(src: string) {
  const c = compileExpression(src, testEnv);
  if (c.ok) throw new Error(`expected errors for ${src}`);
  return c.errors;
}

describe("parse errors are positioned", () => {
  it.each([
    ["min(1, 2", 'Expected ")" at 8, found end of input', 8],
    ["1 +", "Expected a value at 3, found end of input", 3],
    ["(1 + 2", 'Expected ")" at 6, found end of input', 6],
    ["1 2", 'Expected end of expression at 2, found "2"', 2],
    ["partner.", 'Expected a field name after "." at 8, found end of input', 8],
    ['"abc', 'Unclosed string: expected "', 0],
    ["a ; b", 'Unexpected character ";" at 2', 2],
    ["1 ? 2", 'Expected ":" at 5, found end of input', 5],
    ["10USD", 'Unexpected "USD" after number 10', 2],
    ["1.234 USD", "USD amounts allow at most 2 decimal places and 15 digits", 0],
    ['"\\x"', 'Unknown escape "\\x" in string', 1],
    ["partner.name()", 'Only built-in functions can be called; "partner.name" is a field', 0],
  ])("%s → %s", (src, message, start) => {
    const r = parseExpression(src);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ message, start });
  });
});

describe("type errors name the problem and where it is", () => {
  it.each([
    ["partner.nmae", 'Unknown field "partner.nmae" — did you mean "partner.name"?', 0, 12],
    ["1 + event.amont", 'Unknown field "event.amont" — did you mean "event.amount"?', 4, 15],
    ["partner.zzzzzzzzzzz", 'Unknown field "partner.zzzzzzzzzzz"', 0, 19],
    ["mni(1, 2)", 'Unknown function "mni" — did you mean "min"?', 0, 3],
    ["10 USD + 5 EUR", "Cannot add USD and EUR amounts", 0, 14],
    ["event.amount * event.amount", "Cannot multiply two amounts of money", 0, 27],
    ["event.amount + 1", "Cannot add number to money", 0, 16],
    ['1 + "a"', "Cannot add text to number", 0, 7],
    ["event.amount > 5", "Cannot compare money with number", 0, 16],
    [
      'partner.tier == "Gld"',
      '"Gld" is not an option here — did you mean "Gold"? (options: Registered, Silver, Gold, Platinum)',
      16,
      21,
    ],
    ['partner.region > "EMEA"', 'These options have no order; use "==" or "!="', 0, 23],
    ["if(1, 2, 3)", "The condition must be true/false, got number", 3, 4],
    ['if(true, 1, "a")', "Both branches must have one type; got number and text", 0, 16],
    [
      "true ? 1 EUR : 2 USD",
      "Both branches must have one type; got money (EUR) and money (USD)",
      0,
      20,
    ],
    ['round("a")', "round() expects a number or money, got text", 6, 9],
    ["min(1, 2 EUR)", "min() cannot mix number and money (EUR)", 7, 12],
    ["round()", "round(x, digits) takes 1 to 2 argument(s), got 0", 0, 7],
    [
      'metric("sales_amout", "quarter")',
      'Unknown metric "sales_amout" — did you mean "sales_amount"?',
      7,
      20,
    ],
    [
      'metric("sales_amount", "fortnight")',
      'Unknown window; metric("name", "window") — window is month, quarter, half, year, all or e.g. "90d"',
      23,
      34,
    ],
    [
      "metric(partner.name)",
      'Use metric("name", "window") — window is month, quarter, half, year, all or e.g. "90d", with quoted names',
      0,
      20,
    ],
    ["1 and true", '"and" expects true/false, got number', 0, 1],
    ['-"a"', "Cannot negate text", 0, 4],
    ["1 / 0", "Division by zero", 0, 5],
    ["(null of (null + 0.1))", "A value used in the calculation is empty", 9, 21],
  ])("%s", (src, message, start, end) => {
    expect(errorsOf(src)).toContainEqual({ message, start, end });
  });

  it("reports every error, not just the first", () => {
    expect(errorsOf("partner.nmae + event.amont")).toHaveLength(2);
  });

  it.each([
    ["event.amount * 3%", { kind: "money" }],
    ["min(event.amount * 3%, 10000 USD)", { kind: "money", currency: "USD" }],
    ['metric("sales_amount", "quarter")', { kind: "money", currency: "USD" }],
    ["partner.tier", T.enum(["Registered", "Silver", "Gold", "Platinum"], true)],
    ["concat(1, 2)", T.text],
    ["event.amount / 10 EUR", T.number],
    ["coalesce(vars.missing, 0)", T.number],
    ["vars.anything + 1", T.unknown],
  ])("%s has type %j", (src, type) => {
    const c = compileExpression(src, testEnv);
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    expect(c.type).toEqual(type);
  });

  it("knows event fields only when the trigger provides them", () => {
    const noEvent = compileExpression("event.amount * 2", catalogTypeEnv());
    expect(noEvent.ok).toBe(false);
    const deal = compileExpression(
      "partner.tier",
      catalogTypeEnv({ eventType: "deal.registered" }),
    );
    expect(deal.ok).toBe(true);
  });
});
