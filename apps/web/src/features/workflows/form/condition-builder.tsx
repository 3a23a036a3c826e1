import type { FieldMeta } from "@partnerflow/domain";
import {
  OPERATORS,
  operatorsFor,
  renderCondition,
  type Clause,
  type Group,
  type Operator,
} from "../lib/workflow-lib.ts";
import { MoneyInput } from "./amount-widgets.tsx";
import { metaOf } from "./catalog.ts";
import { FieldRow, Select, opts } from "./controls.tsx";
import { useFieldProblems, useFormCtx, type Path } from "./form-context.tsx";
import { OperandPicker } from "./operand-picker.tsx";
import { fieldId } from "./zod-shape.ts";

const NO_RIGHT: readonly Operator[] = ["is_empty", "not_empty", "changed"];
const ALL_OPS = Object.keys(OPERATORS) as Operator[];

const emptyGroup = (): Group => ({ kind: "group", combinator: "all", children: [] });
const newClause = (): Clause => ({
  kind: "clause",
  left: { source: "partner", field: "tier" },
  op: "eq",
  right: { kind: "literal", value: "Gold" },
});

function safeRender(tree: Group, scope: Parameters<typeof renderCondition>[1]): string {
  try {
    return renderCondition(tree, scope);
  } catch {
    return "(incomplete)";
  }
}

/** Nested all/any groups of field–operator–value clauses, read back in plain English. */
export function ConditionBuilder(props: {
  label: string;
  value: unknown;
  path: Path;
  onChange: (g: Group) => void;
}) {
  const { scope, nodeId } = useFormCtx();
  const tree = (
    props.value && typeof props.value === "object" ? props.value : emptyGroup()
  ) as Group;
  const problems = useFieldProblems(props.path);
  return (
    <fieldset
      className="field-group condition-builder"
      id={fieldId(nodeId, props.path)}
      tabIndex={-1}
    >
      <legend>{props.label}</legend>
      <p className="condition-preview" data-testid="condition-preview">
        {safeRender(tree, scope)}
      </p>
      {problems.map((p, i) => (
        <div key={i} className="field-errors" role="alert">
          {p.message}
        </div>
      ))}
      <GroupEditor group={tree} path={props.path} depth={0} onChange={props.onChange} />
    </fieldset>
  );
}

function GroupEditor(props: {
  group: Group;
  path: Path;
  depth: number;
  onChange: (g: Group) => void;
  onRemove?: () => void;
}) {
  const { nodeId } = useFormCtx();
  const g = props.group;
  const setChild = (i: number, c: Clause | Group) =>
    props.onChange({ ...g, children: g.children.map((x, j) => (j === i ? c : x)) });
  const removeChild = (i: number) =>
    props.onChange({ ...g, children: g.children.filter((_, j) => j !== i) });
  return (
    <div className={`cond-group depth-${props.depth}`}>
      <div className="inline-inputs">
        <Select
          id={fieldId(nodeId, [...props.path, "combinator"])}
          ariaLabel="Match"
          value={g.combinator}
          options={[
            { value: "all", label: "All of these are true" },
            { value: "any", label: "Any of these is true" },
          ]}
          onChange={(c) => props.onChange({ ...g, combinator: c as Group["combinator"] })}
        />
        <label className="checkbox-inline">
          <input
            type="checkbox"
            checked={g.negate === true}
            onChange={(e) => props.onChange({ ...g, negate: e.target.checked || undefined })}
          />
          Negate
        </label>
        {props.onRemove && (
          <button type="button" className="link-button" onClick={props.onRemove}>
            Remove group
          </button>
        )}
      </div>
      <ol className="cond-children">
        {g.children.map((c, i) => (
          <li key={i}>
            {c.kind === "clause" ? (
              <ClauseEditor
                clause={c}
                path={[...props.path, "children", i]}
                onChange={(x) => setChild(i, x)}
                onRemove={() => removeChild(i)}
              />
            ) : (
              <GroupEditor
                group={c}
                path={[...props.path, "children", i]}
                depth={props.depth + 1}
                onChange={(x) => setChild(i, x)}
                onRemove={() => removeChild(i)}
              />
            )}
          </li>
        ))}
      </ol>
      <div className="inline-inputs">
        <button
          type="button"
          onClick={() => props.onChange({ ...g, children: [...g.children, newClause()] })}
        >
          Add condition
        </button>
        {props.depth < 3 && (
          <button
            type="button"
            onClick={() => props.onChange({ ...g, children: [...g.children, emptyGroup()] })}
          >
            Add group
          </button>
        )}
      </div>
    </div>
  );
}

function ClauseEditor(props: {
  clause: Clause;
  path: Path;
  onChange: (c: Clause) => void;
  onRemove: () => void;
}) {
  const { scope, nodeId } = useFormCtx();
  const c = props.clause;
  const meta = metaOf(c.left, scope);
  const ops = meta ? operatorsFor(meta) : ALL_OPS;
  const problems = useFieldProblems(props.path, true).filter(
    (p) => !["left"].includes(String(p.path[props.path.length])),
  );
  const opId = fieldId(nodeId, [...props.path, "op"]);
  return (
    <div className="cond-clause" data-testid="condition-clause">
      <OperandPicker
        id={fieldId(nodeId, [...props.path, "left"])}
        label="Field"
        value={c.left}
        path={[...props.path, "left"]}
        onChange={(left) => props.onChange({ ...c, left, right: undefined })}
      />
      <FieldRow id={opId} label="Operator" problems={problems}>
        <span className="inline-inputs">
          <Select
            id={opId}
            value={c.op}
            options={ops.map((o) => ({ value: o, label: OPERATORS[o] }))}
            onChange={(op) => {
              const next: Clause = { ...c, op: op as Operator };
              if (NO_RIGHT.includes(op as Operator)) delete next.right;
              props.onChange(next);
            }}
          />
          {!NO_RIGHT.includes(c.op) && (
            <RightValue
              clause={c}
              meta={meta}
              id={fieldId(nodeId, [...props.path, "right"])}
              onChange={props.onChange}
            />
          )}
          <button
            type="button"
            className="link-button"
            onClick={props.onRemove}
            aria-label="Remove condition"
          >
            ✕
          </button>
        </span>
      </FieldRow>
    </div>
  );
}

/** The right-hand side, typed by the left field: enum dropdown, money, date, number, yes/no or text — or a formula. */
function RightValue(props: {
  clause: Clause;
  meta: FieldMeta | undefined;
  id: string;
  onChange: (c: Clause) => void;
}) {
  const { clause: c, meta } = props;
  const right = c.right;
  const set = (value: unknown) => props.onChange({ ...c, right: { kind: "literal", value } });
  const formula = right?.kind === "expr";
  const toggle = (
    <button
      type="button"
      className="link-button"
      onClick={() =>
        props.onChange({
          ...c,
          right: formula ? { kind: "literal", value: "" } : { kind: "expr", source: "0" },
        })
      }
    >
      {formula ? "Use a value" : "Use a formula"}
    </button>
  );
  if (right?.kind === "expr") {
    return (
      <>
        <input
          id={props.id}
          type="text"
          aria-label="Formula"
          className="mono"
          value={right.source}
          onChange={(e) =>
            props.onChange({ ...c, right: { kind: "expr", source: e.target.value } })
          }
        />
        {toggle}
      </>
    );
  }
  const value = right?.value;
  const multi = c.op === "in" || c.op === "not_in";
  const days = c.op === "days_ahead_gt" || c.op === "days_ahead_lt";
  if (meta?.type === "enum" && meta.options) {
    if (multi) {
      const arr = Array.isArray(value) ? (value as string[]) : [];
      return (
        <span className="chip-list" id={props.id} role="group" aria-label="Values">
          {meta.options.map((o) => (
            <label key={o} className="checkbox-inline">
              <input
                type="checkbox"
                checked={arr.includes(o)}
                onChange={(e) => set(e.target.checked ? [...arr, o] : arr.filter((x) => x !== o))}
              />
              {o}
            </label>
          ))}
        </span>
      );
    }
    return (
      <Select
        id={props.id}
        ariaLabel="Value"
        value={typeof value === "string" ? value : undefined}
        options={opts(meta.options)}
        onChange={set}
      />
    );
  }
  if (days || meta?.type === "number") {
    return (
      <>
        <input
          id={props.id}
          type="number"
          aria-label="Value"
          value={typeof value === "number" ? value : ""}
          onChange={(e) => set(e.target.value === "" ? undefined : Number(e.target.value))}
        />
        {toggle}
      </>
    );
  }
  if (meta?.type === "money") {
    return (
      <>
        <MoneyInput id={props.id} label="Value" value={value} onChange={set} />
        {toggle}
      </>
    );
  }
  if (meta?.type === "boolean") {
    return (
      <Select
        id={props.id}
        ariaLabel="Value"
        value={value === true ? "yes" : value === false ? "no" : undefined}
        options={opts(["yes", "no"])}
        onChange={(v) => set(v === "yes")}
      />
    );
  }
  if (meta?.type === "date") {
    return (
      <>
        <input
          id={props.id}
          type="date"
          aria-label="Value"
          value={typeof value === "string" ? value.slice(0, 10) : ""}
          onChange={(e) => set(e.target.value)}
        />
        {toggle}
      </>
    );
  }
  return (
    <>
      <input
        id={props.id}
        type="text"
        aria-label="Value"
        value={Array.isArray(value) ? value.join(", ") : typeof value === "string" ? value : ""}
        onChange={(e) =>
          set(
            multi
              ? e.target.value
                  .split(",")
                  .map((s) => s.trim())
                  .filter(Boolean)
              : e.target.value,
          )
        }
      />
      {toggle}
    </>
  );
}
