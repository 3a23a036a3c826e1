import { compileAst, type CompiledExpression } from "./compiler.ts";
import type { TypeEnv } from "./env.ts";
import { LIMITS, type ExprError } from "./errors.ts";
import { formatValue } from "./format.ts";
import { checkString } from "./ops.ts";
import { parseExpression } from "./parser.ts";
import type { ExprNode } from "./ast.ts";
import type { Scope } from "./values.ts";

/**
 * A template split into literal text and `{{ expression }}` holes. Hole ASTs carry offsets
 * into the whole template, so errors underline the right characters.
 */
export type TemplatePart =
  | { readonly kind: "text"; readonly text: string }
  | {
      readonly kind: "hole";
      readonly source: string;
      readonly ast: ExprNode;
      readonly start: number;
      readonly end: number;
    };

export type TemplateParseResult =
  | { readonly ok: true; readonly parts: readonly TemplatePart[] }
  | { readonly ok: false; readonly errors: readonly ExprError[] };

export interface CompiledTemplate {
  readonly source: string;
  readonly parts: readonly (
    | { readonly kind: "text"; readonly text: string }
    | { readonly kind: "hole"; readonly expr: CompiledExpression }
  )[];
}

export type TemplateCompileResult =
  | ({ readonly ok: true } & CompiledTemplate)
  | { readonly ok: false; readonly errors: readonly ExprError[] };

/** Finds the `}}` closing a hole, skipping over quoted strings inside the expression. */
function findClose(src: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "}" && src[i + 1] === "}") return i;
  }
  return -1;
}

/**
 * Splits "Hello {{partner.name}}" into text and parsed holes. Text outside holes is kept
 * verbatim (a lone `}}` is text); an unclosed `{{` is an error at its position.
 */
export function parseTemplate(src: string): TemplateParseResult {
  if (src.length > LIMITS.maxTemplateLength) {
    return {
      ok: false,
      errors: [
        {
          message: `Template is too long (the limit is ${LIMITS.maxTemplateLength} characters)`,
          start: LIMITS.maxTemplateLength,
          end: src.length,
        },
      ],
    };
  }
  const parts: TemplatePart[] = [];
  const errors: ExprError[] = [];
  let i = 0;
  let holes = 0;
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    if (open < 0) {
      parts.push({ kind: "text", text: src.slice(i) });
      break;
    }
    if (open > i) parts.push({ kind: "text", text: src.slice(i, open) });
    const close = findClose(src, open + 2);
    if (close < 0) {
      errors.push({
        message: `Unclosed "{{" at ${open}: expected "}}"`,
        start: open,
        end: open + 2,
      });
      break;
    }
    if (++holes > LIMITS.maxTemplateHoles) {
      errors.push({
        message: `Too many merge fields (the limit is ${LIMITS.maxTemplateHoles})`,
        start: open,
        end: close + 2,
      });
      break;
    }
    const source = src.slice(open + 2, close);
    if (source.trim() === "") {
      errors.push({ message: "Empty merge field", start: open, end: close + 2 });
    } else {
      const parsed = parseExpression(source, { offset: open + 2 });
      if (parsed.ok)
        parts.push({ kind: "hole", source, ast: parsed.ast, start: open + 2, end: close });
      else errors.push(...parsed.errors);
    }
    i = close + 2;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, parts };
}

/** Parses a template and type-checks every hole against `env`; errors point into the template. */
export function compileTemplate(src: string, env: TypeEnv): TemplateCompileResult {
  const parsed = parseTemplate(src);
  if (!parsed.ok) return parsed;
  const errors: ExprError[] = [];
  const parts: CompiledTemplate["parts"][number][] = [];
  for (const p of parsed.parts) {
    if (p.kind === "text") {
      parts.push(p);
      continue;
    }
    const compiled = compileAst(p.source, p.ast, env);
    if (compiled.ok) parts.push({ kind: "hole", expr: compiled });
    else errors.push(...compiled.errors);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, source: src, parts };
}

function render(t: CompiledTemplate, scope: Scope, escape: (s: string) => string): string {
  let out = "";
  for (const p of t.parts) {
    out += p.kind === "text" ? p.text : escape(formatValue(p.expr.evaluate(scope), p.expr.type));
    checkString(out);
  }
  return out;
}

/** Renders with values as plain text (for subjects, SMS, plain-text email). */
export function renderTemplate(t: CompiledTemplate, scope: Scope): string {
  return render(t, scope, (s) => s);
}

const HTML: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML[c]!);
}

/** Renders for HTML bodies: every merged value is HTML-escaped; the template text is not. */
export function renderTemplateHtml(t: CompiledTemplate, scope: Scope): string {
  return render(t, scope, escapeHtml);
}
