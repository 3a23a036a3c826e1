import { z } from "zod";
import { OperandSchema } from "../lib/workflow-lib.ts";
import { FieldRow, Select, opts } from "./controls.tsx";
import { useFieldProblems, useFormCtx, type Path } from "./form-context.tsx";
import { HintedField } from "./hinted-field.tsx";
import { OperandPicker } from "./operand-picker.tsx";
import {
  asText,
  defaultFor,
  discriminatorOf,
  fieldId,
  labelFor,
  optionTag,
  peel,
} from "./zod-shape.ts";

const TAG_LABELS: Record<string, string> = {
  literal: "Fixed value",
  expr: "Formula",
  fixed: "Fixed amount",
  percent: "Percentage of a field",
  formula: "Formula",
  points: "Points",
  duration: "For a duration",
  until: "Until a date",
};

const tagLabel = (t: string) => TAG_LABELS[t] ?? labelFor(t);

export interface FieldProps {
  schema: z.ZodType;
  value: unknown;
  path: Path;
  label: string;
  onChange: (v: unknown) => void;
}

/**
 * One config field, generated from its zod schema: the UI hint picks a widget when there is
 * one; otherwise objects become fieldsets, discriminated unions a mode picker, enums a
 * dropdown, arrays a list with add/remove, and scalars an input.
 */
export function SchemaField({ schema, value, path, label, onChange }: FieldProps) {
  const { nodeId } = useFormCtx();
  const peeled = peel(schema);
  const { schema: s, optional, hint } = peeled;
  const id = fieldId(nodeId, path);
  const problems = useFieldProblems(path);

  if (optional && value === undefined && (s instanceof z.ZodObject || hint)) {
    return (
      <div className="field-row">
        <span className="field-label-static">
          {label} <span className="muted">(optional)</span>
        </span>
        <button type="button" id={id} onClick={() => onChange(defaultFor(s))}>
          Add {label.toLowerCase()}
        </button>
      </div>
    );
  }
  const removable =
    optional && (s instanceof z.ZodObject || hint) ? (
      <button type="button" className="link-button" onClick={() => onChange(undefined)}>
        Remove {label.toLowerCase()}
      </button>
    ) : null;

  if (hint) {
    return (
      <>
        <HintedField
          hint={hint}
          schema={s}
          value={value}
          path={path}
          label={label}
          optional={optional}
          onChange={onChange}
        />
        {removable}
      </>
    );
  }
  if (s === OperandSchema) {
    return <OperandPicker id={id} label={label} value={value} path={path} onChange={onChange} />;
  }
  if (s instanceof z.ZodObject) {
    return (
      <fieldset className="field-group">
        <legend>{label}</legend>
        <ObjectFields schema={s} value={value} path={path} onChange={onChange} />
        {removable}
      </fieldset>
    );
  }
  const disc = discriminatorOf(s);
  if (disc && s instanceof z.ZodUnion) {
    const options = s.options as z.ZodType[];
    const current = (value as Record<string, unknown> | undefined)?.[disc];
    const tags = options.map((o) => optionTag(o, disc) ?? "");
    const active = options[tags.indexOf(String(current))];
    return (
      <fieldset className="field-group">
        <legend>{label}</legend>
        <FieldRow id={fieldId(nodeId, [...path, disc])} label="Kind" problems={problems}>
          <Select
            id={fieldId(nodeId, [...path, disc])}
            value={current === undefined ? undefined : asText(current)}
            options={tags.map((t) => ({ value: t, label: tagLabel(t) }))}
            onChange={(t) => {
              const opt = options[tags.indexOf(t)];
              if (opt) onChange(defaultFor(opt));
            }}
          />
        </FieldRow>
        {active instanceof z.ZodObject ? (
          <ObjectFields
            schema={active}
            value={value}
            path={path}
            onChange={onChange}
            skip={disc}
            tag={String(current)}
          />
        ) : null}
      </fieldset>
    );
  }
  if (s instanceof z.ZodUnion) {
    return <PlainUnion schema={s} value={value} path={path} label={label} onChange={onChange} />;
  }
  if (s instanceof z.ZodEnum) {
    return (
      <FieldRow id={id} label={label} optional={optional} problems={problems}>
        <Select
          id={id}
          value={value === undefined ? undefined : asText(value)}
          options={opts(s.options as string[], labelFor)}
          placeholder={optional ? "— none —" : undefined}
          invalid={problems.length > 0}
          onChange={(v) => onChange(v === "" ? undefined : v)}
        />
      </FieldRow>
    );
  }
  if (s instanceof z.ZodLiteral) return null;
  if (s instanceof z.ZodBoolean) {
    return (
      <div className="field-row checkbox-row">
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
        />
        <label htmlFor={id}>{label}</label>
      </div>
    );
  }
  if (s instanceof z.ZodNumber) {
    return (
      <FieldRow id={id} label={label} optional={optional} problems={problems}>
        <NumberInput id={id} value={value} invalid={problems.length > 0} onChange={onChange} />
      </FieldRow>
    );
  }
  if (s instanceof z.ZodArray) {
    return <ArrayField schema={s} value={value} path={path} label={label} onChange={onChange} />;
  }
  // Strings and anything free-form (switch case values): text, read back as a number when numeric.
  const isString = s instanceof z.ZodString;
  return (
    <FieldRow id={id} label={label} optional={optional} problems={problems}>
      <input
        id={id}
        type="text"
        aria-invalid={problems.length > 0 || undefined}
        value={asText(value)}
        onChange={(e) => {
          const v = e.target.value;
          if (isString) onChange(v === "" && optional ? undefined : v);
          else onChange(v === "" ? undefined : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v);
        }}
      />
    </FieldRow>
  );
}

export function NumberInput(props: {
  id: string;
  value: unknown;
  invalid?: boolean;
  onChange: (v: unknown) => void;
  ariaLabel?: string;
}) {
  return (
    <input
      id={props.id}
      type="number"
      aria-label={props.ariaLabel}
      aria-invalid={props.invalid || undefined}
      value={typeof props.value === "number" ? props.value : ""}
      onChange={(e) => props.onChange(e.target.value === "" ? undefined : Number(e.target.value))}
    />
  );
}

/** The fields of an object schema, each bound to its key. */
export function ObjectFields(props: {
  schema: z.ZodObject;
  value: unknown;
  path: Path;
  onChange: (v: unknown) => void;
  skip?: string;
  tag?: string;
}) {
  const obj = (props.value && typeof props.value === "object" ? props.value : {}) as Record<
    string,
    unknown
  >;
  return (
    <>
      {Object.entries(props.schema.shape as Record<string, z.ZodType>).map(([key, child]) =>
        key === props.skip ? null : (
          <SchemaField
            key={key}
            schema={props.tag === "expr" && key === "source" ? exprSchema(child) : child}
            value={obj[key]}
            path={[...props.path, key]}
            label={
              key === "source" && (props.tag === "expr" || props.tag === "formula")
                ? "Formula"
                : labelFor(key)
            }
            onChange={(v) => {
              const next = { ...obj };
              if (v === undefined) delete next[key];
              else next[key] = v;
              props.onChange(next);
            }}
          />
        ),
      )}
    </>
  );
}

/** `{ kind: "expr", source }` values get the formula editor even without a hint. */
function exprSchema(s: z.ZodType): z.ZodType {
  return peel(s).hint ? s : s.meta({ ui: { widget: "expression" } });
}

/** A union without a discriminator (a number or money): pick the variant by what the value looks like. */
function PlainUnion({ schema, value, path, label, onChange }: FieldProps & { schema: z.ZodUnion }) {
  const { nodeId } = useFormCtx();
  const options = schema.options as z.ZodType[];
  const names = options.map((o) => variantName(o));
  const index = Math.max(
    0,
    options.findIndex((o) => looksLike(o, value)),
  );
  const active = options[index]!;
  return (
    <fieldset className="field-group">
      <legend>{label}</legend>
      <FieldRow id={fieldId(nodeId, [...path, "~variant"])} label="Kind">
        <Select
          id={fieldId(nodeId, [...path, "~variant"])}
          value={String(index)}
          options={names.map((n, i) => ({ value: String(i), label: n }))}
          onChange={(i) => onChange(defaultFor(options[Number(i)]!))}
        />
      </FieldRow>
      <SchemaField
        schema={active}
        value={value}
        path={path}
        label={names[index]!}
        onChange={onChange}
      />
    </fieldset>
  );
}

function variantName(o: z.ZodType): string {
  const p = peel(o);
  if (
    p.hint?.widget === "money" ||
    (p.schema instanceof z.ZodObject && "currency" in p.schema.shape)
  )
    return "Money";
  if (p.schema instanceof z.ZodNumber) return "Number";
  if (p.schema instanceof z.ZodString) return "Text";
  if (p.schema instanceof z.ZodBoolean) return "Yes / no";
  if (p.schema instanceof z.ZodNull) return "Empty";
  return "Value";
}

function looksLike(o: z.ZodType, value: unknown): boolean {
  const p = peel(o).schema;
  if (p instanceof z.ZodObject) return typeof value === "object" && value !== null;
  if (p instanceof z.ZodNumber) return typeof value === "number";
  if (p instanceof z.ZodString) return typeof value === "string";
  if (p instanceof z.ZodBoolean) return typeof value === "boolean";
  if (p instanceof z.ZodNull) return value === null;
  return false;
}

function ArrayField({ schema, value, path, label, onChange }: FieldProps & { schema: z.ZodArray }) {
  const { nodeId } = useFormCtx();
  const items: unknown[] = Array.isArray(value) ? (value as unknown[]) : [];
  const element = schema.element as z.ZodType;
  return (
    <fieldset className="field-group">
      <legend>{label}</legend>
      {items.map((item, i) => (
        <div key={i} className="array-item">
          <SchemaField
            schema={element}
            value={item}
            path={[...path, i]}
            label={`${label} ${i + 1}`}
            onChange={(v) => onChange(items.map((x, j) => (j === i ? v : x)))}
          />
          <button
            type="button"
            className="link-button"
            onClick={() => onChange(items.filter((_, j) => j !== i))}
          >
            Remove {label.toLowerCase()} {i + 1}
          </button>
        </div>
      ))}
      <button
        type="button"
        id={fieldId(nodeId, path)}
        onClick={() => onChange([...items, defaultFor(element)])}
      >
        Add to {label.toLowerCase()}
      </button>
    </fieldset>
  );
}
