import { CURRENCY_EXPONENTS, type CurrencyCode } from "@partnerflow/domain";
import type { BinaryOp, ExprNode } from "./ast.ts";
import { LIMITS, ParseAbort, type ExprError } from "./errors.ts";
import { tokenize, type Token } from "./lexer.ts";
import { decimalToMinor, parseDecimalNumber, percentToNumber } from "./decimal.ts";

/** Names that would reach JavaScript internals if they were ever used as property keys. */
const FORBIDDEN_NAMES = new Set(["__proto__", "prototype", "constructor"]);

export type ParseResult =
  | { readonly ok: true; readonly ast: ExprNode }
  | { readonly ok: false; readonly errors: readonly ExprError[] };

/** Binding power of each infix operator (higher binds tighter) and its canonical spelling. */
const INFIX: Record<string, { bp: number; op: BinaryOp }> = {
  or: { bp: 1, op: "or" },
  "||": { bp: 1, op: "or" },
  and: { bp: 2, op: "and" },
  "&&": { bp: 2, op: "and" },
  // 3: prefix `not` sits here, so `not a == b` reads as `not (a == b)`.
  "==": { bp: 4, op: "==" },
  "=": { bp: 4, op: "==" },
  "!=": { bp: 4, op: "!=" },
  "<": { bp: 5, op: "<" },
  "<=": { bp: 5, op: "<=" },
  ">": { bp: 5, op: ">" },
  ">=": { bp: 5, op: ">=" },
  "+": { bp: 6, op: "+" },
  "-": { bp: 6, op: "-" },
  "*": { bp: 7, op: "*" },
  "/": { bp: 7, op: "/" },
  "%": { bp: 7, op: "%" },
  of: { bp: 7, op: "of" },
};
const NOT_BP = 3;
const NEG_BP = 8;

/**
 * Parses an expression into a syntax tree. Never throws: every problem (including input over
 * the size or nesting limits) comes back as a positioned error. `offset` shifts every
 * position (templates parse their holes in place).
 */
export function parseExpression(src: string, opts: { offset?: number } = {}): ParseResult {
  const offset = opts.offset ?? 0;
  if (typeof src !== "string")
    return fail({ message: "Expression must be text", start: 0, end: 0 });
  if (src.length > LIMITS.maxSourceLength) {
    return fail({
      message: `Expression is too long (${src.length} characters; the limit is ${LIMITS.maxSourceLength})`,
      start: offset + LIMITS.maxSourceLength,
      end: offset + src.length,
    });
  }
  try {
    const parser = new Parser(tokenize(src, offset));
    const ast = parser.expression(0, 0);
    const next = parser.peek();
    if (next.kind !== "eof") parser.unexpected(next, "end of expression");
    return { ok: true, ast };
  } catch (e) {
    if (e instanceof ParseAbort) return fail(e.error);
    throw e;
  }
}

function fail(error: ExprError): ParseResult {
  return { ok: false, errors: [error] };
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    const t = this.tokens[this.pos]!;
    if (t.kind !== "eof") this.pos++;
    return t;
  }

  unexpected(t: Token, expected: string): never {
    const what = t.kind === "eof" ? "end of input" : `"${t.text}"`;
    throw new ParseAbort({
      message: `Expected ${expected} at ${t.start}, found ${what}`,
      start: t.start,
      end: Math.max(t.end, t.start + 1),
    });
  }

  private expect(kind: Token["kind"], expected: string): Token {
    const t = this.peek();
    if (t.kind !== kind) this.unexpected(t, expected);
    return this.next();
  }

  private guardDepth(depth: number, at: Token): void {
    if (depth > LIMITS.maxDepth) {
      throw new ParseAbort({
        message: `Expression is nested too deeply (the limit is ${LIMITS.maxDepth} levels)`,
        start: at.start,
        end: at.end,
      });
    }
  }

  /** Pratt loop: a prefix operand, then infix operators binding tighter than `minBp`. */
  expression(minBp: number, depth: number): ExprNode {
    this.guardDepth(depth, this.peek());
    let left = this.prefix(depth);
    for (;;) {
      const t = this.peek();
      if (t.kind === "?" && minBp === 0) {
        this.next();
        const then = this.expression(0, depth + 1);
        this.expect(":", '":"');
        const otherwise = this.expression(0, depth + 1);
        left = {
          kind: "conditional",
          test: left,
          then,
          otherwise,
          start: left.start,
          end: otherwise.end,
        };
        continue;
      }
      const info =
        (t.kind === "op" || t.kind === "ident") && Object.hasOwn(INFIX, t.text)
          ? INFIX[t.text]
          : undefined;
      if (!info || info.bp <= minBp) return left;
      this.next();
      const right = this.expression(info.bp, depth + 1);
      left = { kind: "binary", op: info.op, left, right, start: left.start, end: right.end };
    }
  }

  private prefix(depth: number): ExprNode {
    const t = this.next();
    switch (t.kind) {
      case "number":
        return this.numberOrMoney(t);
      case "percent":
        return {
          kind: "number",
          value: percentToNumber(t.text),
          text: `${t.text}%`,
          start: t.start,
          end: t.end,
        };
      case "string":
        return { kind: "string", value: t.text, start: t.start, end: t.end };
      case "(": {
        const inner = this.expression(0, depth + 1);
        const close = this.expect(")", '")"');
        return { ...inner, start: t.start, end: close.end };
      }
      case "op":
        if (t.text === "-") {
          const operand = this.expression(NEG_BP, depth + 1);
          return { kind: "unary", op: "-", operand, start: t.start, end: operand.end };
        }
        if (t.text === "!") return this.not(t, depth);
        if (t.text === "+") {
          return this.expression(NEG_BP, depth + 1);
        }
        return this.unexpected(t, "a value");
      case "ident":
        return this.identifier(t, depth);
      default:
        return this.unexpected(t, "a value");
    }
  }

  private not(t: Token, depth: number): ExprNode {
    const operand = this.expression(NOT_BP, depth + 1);
    return { kind: "unary", op: "not", operand, start: t.start, end: operand.end };
  }

  private numberOrMoney(t: Token): ExprNode {
    const value = parseDecimalNumber(t.text);
    if (!Number.isFinite(value)) this.unexpected(t, "a finite number");
    const cur = this.peek();
    if (cur.kind === "ident" && Object.hasOwn(CURRENCY_EXPONENTS, cur.text)) {
      this.next();
      const currency = cur.text as CurrencyCode;
      const amountMinor = decimalToMinor(t.text, CURRENCY_EXPONENTS[currency]);
      if (amountMinor === undefined) {
        const exp = CURRENCY_EXPONENTS[currency];
        throw new ParseAbort({
          message: `${currency} amounts allow at most ${exp} decimal places and 15 digits`,
          start: t.start,
          end: cur.end,
        });
      }
      return { kind: "money", amountMinor, currency, start: t.start, end: cur.end };
    }
    return { kind: "number", value, text: t.text, start: t.start, end: t.end };
  }

  private identifier(t: Token, depth: number): ExprNode {
    switch (t.text) {
      case "true":
      case "false":
        return { kind: "boolean", value: t.text === "true", start: t.start, end: t.end };
      case "null":
        return { kind: "null", start: t.start, end: t.end };
      case "not":
        return this.not(t, depth);
    }
    this.checkName(t);
    if (this.peek().kind === "(") return this.call(t, depth);
    const segments = [t.text];
    let end = t.end;
    while (this.peek().kind === ".") {
      this.next();
      const seg = this.expect("ident", 'a field name after "."');
      this.checkName(seg);
      segments.push(seg.text);
      end = seg.end;
      if (this.peek().kind === "(") {
        throw new ParseAbort({
          message: `Only built-in functions can be called; "${segments.join(".")}" is a field`,
          start: t.start,
          end: seg.end,
        });
      }
    }
    return { kind: "path", segments, start: t.start, end };
  }

  private checkName(t: Token): void {
    if (FORBIDDEN_NAMES.has(t.text) || t.text.startsWith("__")) {
      throw new ParseAbort({
        message: `The name "${t.text}" is not allowed`,
        start: t.start,
        end: t.end,
      });
    }
  }

  private call(name: Token, depth: number): ExprNode {
    this.next(); // (
    const args: ExprNode[] = [];
    if (this.peek().kind !== ")") {
      for (;;) {
        if (args.length >= LIMITS.maxArgs)
          this.unexpected(this.peek(), `at most ${LIMITS.maxArgs} arguments`);
        args.push(this.expression(0, depth + 1));
        if (this.peek().kind !== ",") break;
        this.next();
      }
    }
    const close = this.expect(")", '")"');
    return {
      kind: "call",
      name: name.text,
      nameEnd: name.end,
      args,
      start: name.start,
      end: close.end,
    };
  }
}
