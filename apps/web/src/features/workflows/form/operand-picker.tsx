import { FACTS, FACT_NAMES, type Operand } from "../lib/workflow-lib.ts";
import { fieldsFor } from "./catalog.ts";
import { FieldRow, Select } from "./controls.tsx";
import { useFieldProblems, useFormCtx, type Path } from "./form-context.tsx";
import { MetricPicker } from "./metric-picker.tsx";
import { fieldId } from "./zod-shape.ts";

const SOURCES = [
  { value: "partner", label: "Partner field" },
  { value: "event", label: "Event field" },
  { value: "record", label: "Record field" },
  { value: "metric", label: "Metric" },
  { value: "fact", label: "Fact about the partner" },
];

function defaultOperand(source: string): Operand {
  switch (source) {
    case "metric":
      return {
        source: "metric",
        metric: { metric: "sales_amount", window: { kind: "calendar", unit: "quarter" } },
      };
    case "fact":
      return { source: "fact", fact: "certification_held" };
    case "event":
      return { source: "event", field: "" };
    case "record":
      return { source: "record", field: "" };
    default:
      return { source: "partner", field: "tier" };
  }
}

/** Where a value comes from: a partner/event/record field, a metric or a fact, all picked from the catalog. */
export function OperandPicker(props: {
  id: string;
  label: string;
  value: unknown;
  path: Path;
  onChange: (v: Operand) => void;
}) {
  const { scope, nodeId } = useFormCtx();
  const problems = useFieldProblems(props.path, true);
  const op = (
    props.value && typeof props.value === "object" ? props.value : defaultOperand("partner")
  ) as Operand;
  const sources = SOURCES.filter(
    (s) =>
      ((s.value !== "event" || scope.eventType) && (s.value !== "record" || scope.recordEntity)) ||
      s.value === op.source,
  );
  return (
    <FieldRow id={props.id} label={props.label} problems={problems}>
      <span className="inline-inputs">
        <Select
          id={props.id}
          ariaLabel={`${props.label}: source`}
          value={op.source}
          options={sources}
          onChange={(s) => props.onChange(defaultOperand(s))}
        />
        {(op.source === "partner" || op.source === "event" || op.source === "record") && (
          <Select
            id={fieldId(nodeId, [...props.path, "field"])}
            ariaLabel={`${props.label}: field`}
            value={op.field || undefined}
            options={fieldsFor(op.source, scope).map(([k, m]) => ({ value: k, label: m.label }))}
            onChange={(f) => props.onChange({ ...op, field: f })}
          />
        )}
        {op.source === "metric" && (
          <MetricPicker
            id={fieldId(nodeId, [...props.path, "metric"])}
            label={props.label}
            value={op.metric}
            onChange={(m) => props.onChange({ source: "metric", metric: m })}
          />
        )}
        {op.source === "fact" && (
          <>
            <Select
              id={fieldId(nodeId, [...props.path, "fact"])}
              ariaLabel={`${props.label}: fact`}
              value={op.fact}
              options={FACT_NAMES.map((f) => ({ value: f, label: FACTS[f].yes }))}
              onChange={(f) =>
                props.onChange({
                  source: "fact",
                  fact: f as Operand & { source: "fact" } extends { fact: infer F } ? F : never,
                })
              }
            />
            {FACTS[op.fact].arg !== null && (
              <input
                type="text"
                aria-label={`${props.label}: ${FACTS[op.fact].arg}`}
                placeholder={FACTS[op.fact].arg ?? ""}
                value={op.arg ?? ""}
                onChange={(e) => {
                  const next: Operand = { source: "fact", fact: op.fact };
                  if (e.target.value) next.arg = e.target.value;
                  props.onChange(next);
                }}
              />
            )}
          </>
        )}
      </span>
    </FieldRow>
  );
}
