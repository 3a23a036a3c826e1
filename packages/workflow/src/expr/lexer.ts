import { ParseAbort } from "./errors.ts";

export type TokenKind =
  "number" | "percent" | "string" | "ident" | "op" | "(" | ")" | "," | "." | "?" | ":" | "eof";

export interface Token {
  readonly kind: TokenKind;
  /** Identifier name, operator, or the literal's decoded text (digits without `_`). */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const OPERATORS = ["==", "!=", "<=", ">=", "&&", "||", "+", "-", "*", "/", "%", "<", ">", "!", "="];

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isIdentStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdentPart = (c: number): boolean => isIdentStart(c) || isDigit(c);
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", "\\": "\\", '"': '"', "'": "'" };

/**
 * Splits source into tokens. Anything outside the small grammar (brackets, backticks, `$`,
 * `;`, `=>`) is an "Unexpected character" error, which is how JavaScript-isms are kept out.
 */
export function tokenize(src: string, offset = 0): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = src.length;
  const fail = (message: string, start: number, end: number): never => {
    throw new ParseAbort({ message, start: start + offset, end: end + offset });
  };
  const push = (kind: TokenKind, text: string, start: number, end: number): void => {
    tokens.push({ kind, text, start: start + offset, end: end + offset });
  };
  while (i < n) {
    const c = src.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(i + 1)))) {
      let text = "";
      let seenDot = false;
      while (i < n) {
        const d = src.charCodeAt(i);
        if (isDigit(d)) text += src[i];
        else if (d === 95 && isDigit(src.charCodeAt(i + 1)) && text !== "") {
          // 10_000: readable thousands; a comma would clash with argument lists.
        } else if (d === 46 && !seenDot && isDigit(src.charCodeAt(i + 1))) {
          seenDot = true;
          text += ".";
        } else break;
        i++;
      }
      if (isIdentStart(src.charCodeAt(i))) {
        // "10USD" or "1e5": ask for a space / plain decimal instead of guessing.
        let j = i;
        while (j < n && isIdentPart(src.charCodeAt(j))) j++;
        fail(`Unexpected "${src.slice(i, j)}" after number ${text}`, i, j);
      }
      if (text.length > 30) fail("Number is too long", start, i);
      if (src.charCodeAt(i) === 37 && isPercentSuffix(src, i + 1)) {
        i++;
        push("percent", text, start, i);
      } else {
        push("number", text, start, i);
      }
      continue;
    }
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(src.charCodeAt(i))) i++;
      if (i - start > 64) fail("Name is too long", start, i);
      push("ident", src.slice(start, i), start, i);
      continue;
    }
    if (c === 34 || c === 39) {
      const quote = src[i];
      i++;
      let text = "";
      for (;;) {
        if (i >= n) fail(`Unclosed string: expected ${quote}`, start, n);
        const ch = src[i]!;
        if (ch === quote) break;
        if (ch === "\\") {
          const esc = src[i + 1];
          const decoded = esc === undefined ? undefined : ESCAPES[esc];
          if (decoded === undefined) fail(`Unknown escape "\\${esc ?? ""}" in string`, i, i + 2);
          text += decoded;
          i += 2;
          continue;
        }
        text += ch;
        i++;
      }
      i++;
      push("string", text, start, i);
      continue;
    }
    const single = src[i]!;
    if ("(),.?:".includes(single)) {
      i++;
      push(single as TokenKind, single, start, i);
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op) {
      i += op.length;
      push("op", op, start, i);
      continue;
    }
    const cp = src.codePointAt(i) ?? 0;
    const shown = String.fromCodePoint(cp);
    fail(`Unexpected character "${shown}" at ${i + offset}`, i, i + shown.length);
  }
  push("eof", "", n, n);
  return tokens;
}

/**
 * `3%` is a percentage unless the `%` is followed by an operand (`10%3`, `x %y` is modulo);
 * `3% of amount` reads as English and is a percentage too.
 */
const PERCENT_FOLLOWERS = new Set(["of", "and", "or"]);

function isPercentSuffix(src: string, from: number): boolean {
  let j = from;
  while (j < src.length && isSpace(src.charCodeAt(j))) j++;
  const c = src.charCodeAt(j);
  if (Number.isNaN(c)) return true;
  if (isIdentStart(c)) {
    let k = j;
    while (k < src.length && isIdentPart(src.charCodeAt(k))) k++;
    // Binary keywords after a percentage: `3% of x`, `y > 3% and z`.
    return PERCENT_FOLLOWERS.has(src.slice(j, k));
  }
  return !(isDigit(c) || isIdentStart(c) || c === 40 || c === 34 || c === 39 || c === 46);
}
