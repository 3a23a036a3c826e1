import type { z } from "zod";
import {
  ENTITIES,
  EVENT_TYPES,
  EVENT_TYPE_NAMES,
  eventFields,
  type EntityName,
  type FieldMeta,
} from "@partnerflow/domain";
import type { UiHint } from "../lib/workflow-lib.ts";
import { DurationInput, MoneyInput } from "./amount-widgets.tsx";
import { ConditionBuilder } from "./condition-builder.tsx";
import { FieldRow, Select, opts } from "./controls.tsx";
import { CronField } from "./cron-field.tsx";
import { ExpressionField, TemplateField } from "./expression-field.tsx";
import { useFieldProblems, useFormCtx, type Path } from "./form-context.tsx";
import { MetricPicker } from "./metric-picker.tsx";
import { fieldId } from "./zod-shape.ts";

const TIME_ZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return ["UTC", "Europe/Berlin", "America/New_York"];
  }
})();

/** The widget a UI hint asks for (hints never change validation, only the control). */
export function HintedField(props: {
  hint: UiHint;
  schema: z.ZodType;
  value: unknown;
  path: Path;
  label: string;
  optional: boolean;
  onChange: (v: unknown) => void;
}) {
  const { nodeId, scope } = useFormCtx();
  const { hint, value, path, label, onChange } = props;
  const id = fieldId(nodeId, path);
  const deep = hint.widget === "money" || hint.widget === "duration" || hint.widget === "metric";
  const problems = useFieldProblems(path, deep);
  const invalid = problems.length > 0;
  switch (hint.widget) {
    case "condition":
    case "segment":
      return <ConditionBuilder label={label} value={value} path={path} onChange={onChange} />;
    case "expression":
      return (
        <ExpressionField id={id} label={label} value={value} path={path} onChange={onChange} />
      );
    case "template":
    case "multiline":
      if (hint.widget === "multiline") {
        return (
          <FieldRow id={id} label={label} optional={props.optional} problems={problems}>
            <textarea
              id={id}
              rows={4}
              value={typeof value === "string" ? value : ""}
              onChange={(e) => onChange(e.target.value)}
            />
          </FieldRow>
        );
      }
      return (
        <TemplateField
          id={id}
          label={label}
          value={value}
          path={path}
          multiline={path.at(-1) !== "subject" && path.at(-1) !== "title"}
          onChange={onChange}
        />
      );
    case "cron":
      return <CronField id={id} label={label} value={value} path={path} onChange={onChange} />;
    case "money":
      return (
        <FieldRow id={id} label={label} optional={props.optional} problems={problems}>
          <MoneyInput id={id} label={label} value={value} invalid={invalid} onChange={onChange} />
        </FieldRow>
      );
    case "duration":
      return (
        <FieldRow id={id} label={label} optional={props.optional} problems={problems}>
          <DurationInput
            id={id}
            label={label}
            value={value}
            invalid={invalid}
            onChange={onChange}
          />
        </FieldRow>
      );
    case "metric":
      return (
        <FieldRow id={id} label={label} problems={problems}>
          <MetricPicker id={id} label={label} value={value} onChange={onChange} />
        </FieldRow>
      );
    case "event-type":
      return (
        <FieldRow
          id={id}
          label={label}
          problems={problems}
          help={
            typeof value === "string" && value in EVENT_TYPES
              ? EVENT_TYPES[value as keyof typeof EVENT_TYPES].description
              : undefined
          }
        >
          <Select
            id={id}
            value={typeof value === "string" ? value : undefined}
            invalid={invalid}
            options={EVENT_TYPE_NAMES.map((t) => ({
              value: t,
              label: `${EVENT_TYPES[t].label} (${t})`,
            }))}
            onChange={onChange}
          />
        </FieldRow>
      );
    case "enum":
      return (
        <FieldRow id={id} label={label} optional={props.optional} problems={problems}>
          <Select
            id={id}
            value={typeof value === "string" ? value : undefined}
            invalid={invalid}
            options={opts(hint.options)}
            placeholder={props.optional ? "— none —" : undefined}
            onChange={(v) => onChange(v === "" ? undefined : v)}
          />
        </FieldRow>
      );
    case "timezone":
      return (
        <FieldRow id={id} label={label} problems={problems}>
          <input
            id={id}
            list={`${id}-list`}
            value={typeof value === "string" ? value : ""}
            aria-invalid={invalid || undefined}
            onChange={(e) => onChange(e.target.value)}
          />
          <datalist id={`${id}-list`}>
            {TIME_ZONES.map((tz) => (
              <option key={tz} value={tz} />
            ))}
          </datalist>
        </FieldRow>
      );
    case "entity-field":
    case "event-field": {
      const fields: [string, FieldMeta][] =
        hint.widget === "event-field"
          ? scope.eventType
            ? Object.entries(eventFields(scope.eventType))
            : []
          : Object.entries(
              (ENTITIES[hint.entity as EntityName]?.fields ?? {}) as Record<string, FieldMeta>,
            );
      const v = typeof value === "string" ? value : "";
      const custom = v.startsWith("attributes.");
      return (
        <FieldRow id={id} label={label} optional={props.optional} problems={problems}>
          <Select
            id={id}
            value={custom ? "~custom" : v || undefined}
            invalid={invalid}
            options={[
              ...fields.map(([k, m]) => ({ value: k, label: m.label })),
              ...(hint.widget === "entity-field"
                ? [{ value: "~custom", label: "Custom attribute…" }]
                : []),
            ]}
            onChange={(k) => onChange(k === "~custom" ? "attributes." : k)}
          />
          {custom && (
            <input
              type="text"
              aria-label="Custom attribute name"
              value={v.slice(11)}
              onChange={(e) => onChange(`attributes.${e.target.value}`)}
            />
          )}
        </FieldRow>
      );
    }
  }
}
