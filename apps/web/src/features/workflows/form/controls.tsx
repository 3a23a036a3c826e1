import type { ReactNode } from "react";
import type { Problem } from "../lib/workflow-lib.ts";

/** A labelled row with inline problems; `htmlFor` ties the label to the control. */
export function FieldRow(props: {
  id: string;
  label: string;
  optional?: boolean;
  help?: string | undefined;
  problems?: readonly Problem[];
  children: ReactNode;
}) {
  const errId = `${props.id}-err`;
  return (
    <div className={`field-row${props.problems?.length ? " invalid" : ""}`}>
      <label htmlFor={props.id}>
        {props.label}
        {props.optional ? <span className="muted"> (optional)</span> : null}
      </label>
      {props.children}
      {props.help ? <div className="field-help">{props.help}</div> : null}
      {props.problems?.length ? (
        <ul className="field-errors" id={errId} role="alert">
          {props.problems.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A select over string options with readable labels. */
export function Select(props: {
  id: string;
  value: string | undefined;
  options: readonly { value: string; label: string }[];
  onChange: (v: string) => void;
  placeholder?: string;
  ariaLabel?: string;
  invalid?: boolean;
}) {
  return (
    <select
      id={props.id}
      aria-label={props.ariaLabel}
      aria-invalid={props.invalid || undefined}
      value={props.value ?? ""}
      onChange={(e) => props.onChange(e.target.value)}
    >
      {props.placeholder !== undefined || props.value === undefined ? (
        <option value="">{props.placeholder ?? "Choose…"}</option>
      ) : null}
      {props.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

export const opts = (values: readonly string[], label: (v: string) => string = (v) => v) =>
  values.map((v) => ({ value: v, label: label(v) }));
