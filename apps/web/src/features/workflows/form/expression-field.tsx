import { useMemo, useRef } from "react";
import {
  compileExpression,
  compileTemplate,
  formatValue,
  type ExprError,
} from "../lib/workflow-lib.ts";
import { typeEnvFor } from "./catalog.ts";
import { FieldRow } from "./controls.tsx";
import { useFieldProblems, useFormCtx, type Path } from "./form-context.tsx";
import { PreviewPartnerSelect, SAMPLE_PARTNER, usePreviewPartner } from "./preview-partner.tsx";

/** The word being typed at the caret (a dotted path prefix), for suggestions. */
function wordAt(text: string, caret: number): { start: number; word: string } {
  let start = caret;
  while (start > 0 && /[A-Za-z0-9_.]/.test(text[start - 1]!)) start--;
  return { start, word: text.slice(start, caret) };
}

function errorText(errors: readonly ExprError[], source: string): string[] {
  return errors.map(
    (e) => `${e.message}${e.end > e.start ? ` (at “${source.slice(e.start, e.end)}”)` : ""}`,
  );
}

/**
 * The formula editor: field suggestions from the catalog, and the expression language's
 * own type checker run as you type, so errors show inline before the compiler sees them.
 */
export function ExpressionField(props: {
  id: string;
  label: string;
  value: unknown;
  path: Path;
  onChange: (v: string) => void;
}) {
  const { scope } = useFormCtx();
  const env = typeEnvFor(scope);
  const source = typeof props.value === "string" ? props.value : "";
  const ref = useRef<HTMLInputElement>(null);
  const compiled = useMemo(() => (source ? compileExpression(source, env) : null), [source, env]);
  const errors = compiled && !compiled.ok ? errorText(compiled.errors, source) : [];
  const problems = useFieldProblems(props.path);
  const caret = ref.current?.selectionStart ?? source.length;
  const { start, word } = wordAt(source, caret);
  const suggestions =
    word.length > 0
      ? env
          .paths()
          .filter((p) => p.startsWith(word) && p !== word)
          .slice(0, 8)
      : [];
  const insert = (path: string) =>
    props.onChange(source.slice(0, start) + path + source.slice(caret));
  return (
    <FieldRow
      id={props.id}
      label={props.label}
      problems={problems}
      help="A formula, e.g. event.amount * 5%"
    >
      <input
        ref={ref}
        id={props.id}
        type="text"
        className="mono"
        aria-invalid={errors.length > 0 || problems.length > 0 || undefined}
        value={source}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {suggestions.length > 0 && (
        <div className="suggestions" role="list" aria-label="Field suggestions">
          {suggestions.map((s) => (
            <button
              key={s}
              type="button"
              role="listitem"
              className="chip"
              onClick={() => insert(s)}
            >
              {s}
            </button>
          ))}
        </div>
      )}
      {errors.length > 0 && problems.length === 0 && (
        <ul className="field-errors" role="alert">
          {errors.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
    </FieldRow>
  );
}

/** Email/notification text with a merge-field picker, inline errors and a rendered preview. */
export function TemplateField(props: {
  id: string;
  label: string;
  value: unknown;
  path: Path;
  multiline: boolean;
  onChange: (v: string) => void;
  preview?: Record<string, unknown> | undefined;
}) {
  const { scope } = useFormCtx();
  const env = typeEnvFor(scope);
  const source = typeof props.value === "string" ? props.value : "";
  const problems = useFieldProblems(props.path);
  const compiled = useMemo(() => compileTemplate(source, env), [source, env]);
  const chosen = usePreviewPartner((s) => s.partner);
  const partner = props.preview ?? chosen ?? SAMPLE_PARTNER;
  let rendered = "";
  let renderError = "";
  if (compiled.ok) {
    try {
      rendered = compiled.parts
        .map((p) => {
          if (p.kind === "text") return p.text;
          try {
            return formatValue(
              p.expr.evaluate({ data: { partner, event: {} }, now: new Date() }),
              p.expr.type,
            );
          } catch {
            return `[${p.expr.source}]`;
          }
        })
        .join("");
    } catch (e) {
      renderError = e instanceof Error ? e.message : String(e);
    }
  }
  const errors = compiled.ok ? [] : errorText(compiled.errors, source);
  const insert = (path: string) => props.onChange(`${source}{{${path}}}`);
  const Input = props.multiline ? "textarea" : "input";
  return (
    <FieldRow id={props.id} label={props.label} problems={problems}>
      <Input
        id={props.id}
        aria-invalid={errors.length > 0 || problems.length > 0 || undefined}
        value={source}
        rows={props.multiline ? 5 : undefined}
        onChange={(e: { target: { value: string } }) => props.onChange(e.target.value)}
      />
      <select
        aria-label={`Insert a merge field into ${props.label.toLowerCase()}`}
        value=""
        onChange={(e) => e.target.value && insert(e.target.value)}
      >
        <option value="">Insert merge field…</option>
        {env.paths().map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
      {errors.length > 0 && problems.length === 0 && (
        <ul className="field-errors" role="alert">
          {errors.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
      {compiled.ok && source && (
        <div className="template-preview">
          {props.preview ? null : <PreviewPartnerSelect id={`${props.id}-preview-partner`} />}
          <div role="status" aria-label={`${props.label} preview`}>
            <span className="muted">Preview for {String(partner.name)}: </span>
            {renderError || rendered}
          </div>
        </div>
      )}
    </FieldRow>
  );
}
