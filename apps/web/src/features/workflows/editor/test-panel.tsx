import { useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import {
  EVENT_TYPES,
  EVENT_TYPE_NAMES,
  isEventType,
  type EventType,
  type FieldMeta,
} from "@partnerflow/domain";
import { useTRPC, useTRPCClient } from "../../../app/trpc.ts";
import type { RouterOutputs } from "@partnerflow/api";
import { nodeDef } from "../lib/workflow-lib.ts";
import { MoneyInput } from "../form/amount-widgets.tsx";
import { Select, opts } from "../form/controls.tsx";
import { isStep, toDocument, type StepData, type StepFlowNode } from "./graph-model.ts";
import { useEditor, type NodeTrace } from "./store.ts";

type TestResult = RouterOutputs["workflows"]["testRun"];

/** The event a trigger listens to; metric triggers are tested with the event that moves the metric. */
function defaultEventType(trigger: StepData | undefined): EventType {
  const c = trigger?.config ?? {};
  if (typeof c.eventType === "string" && isEventType(c.eventType)) return c.eventType;
  const metric = (c.metric as { metric?: string } | undefined)?.metric ?? "";
  if (metric.startsWith("sales")) return "sale.recorded";
  if (metric.startsWith("deals_won")) return "deal.status_changed";
  if (metric.startsWith("csat")) return "csat.recorded";
  if (metric.startsWith("certifications")) return "certification.earned";
  return "partner.updated";
}

function initialValue(key: string, meta: FieldMeta): unknown {
  if (meta.optional) return undefined;
  switch (meta.type) {
    case "enum":
      return meta.options?.[0];
    case "money":
      return { amount: "1000.00", currency: "USD" };
    case "number":
      return 1;
    case "boolean":
      return false;
    case "date":
      return new Date().toISOString().slice(0, 10);
    case "text":
      return meta.ref ? `${key.replace(/Id$/, "")}-test-1` : "";
  }
}

const editable = (meta: FieldMeta) => meta.label !== "Custom attributes";

/**
 * Test with an event: pick a partner and an event, fill its payload from the catalog's
 * field list, run the draft on the server's dry-run host, and light the path on the canvas.
 */
export function TestPanel(props: { onClose: () => void }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  // The trigger's data, not the node: moving the trigger on the canvas keeps its data object.
  const trigger = useEditor(
    (s) =>
      (
        s.nodes.find((n) => isStep(n) && nodeDef(n.data.type)?.family === "trigger") as
          StepFlowNode | undefined
      )?.data,
  );
  const [partnerSearch, setPartnerSearch] = useState("");
  const partners = useQuery(
    trpc.partners.list.queryOptions({ search: partnerSearch || undefined, limit: 50 }),
  );
  const [partnerId, setPartnerId] = useState("");
  const [eventType, setEventType] = useState<EventType>(() => defaultEventType(trigger));
  const fields = useMemo(
    () =>
      Object.entries(EVENT_TYPES[eventType].payload.fields as Record<string, FieldMeta>).filter(
        ([, m]) => editable(m),
      ),
    [eventType],
  );
  const [payload, setPayload] = useState<Record<string, unknown>>(() => initial(eventType));
  const [result, setResult] = useState<TestResult | null>(null);
  const [error, setError] = useState("");
  const [running, setRunning] = useState(false);
  const chosen = partnerId || partners.data?.items[0]?.id || "";
  const past = useQuery({
    ...trpc.partners.timeline.queryOptions({ id: chosen, type: eventType, limit: 20 }),
    enabled: Boolean(chosen),
  });
  /** Fills the payload form from one of the partner's recorded events of this type. */
  const fillFromPast = (seq: string) => {
    const e = past.data?.items.find((x) => String(x.seq) === seq);
    if (!e) return;
    const recorded = (e.payload ?? {}) as Record<string, unknown>;
    const base = initial(eventType);
    for (const k of Object.keys(base)) if (recorded[k] !== undefined) base[k] = recorded[k];
    setPayload(base);
  };

  const changeType = (t: string) => {
    if (!isEventType(t)) return;
    setEventType(t);
    setPayload(initial(t));
  };

  const run = async () => {
    setRunning(true);
    setError("");
    try {
      const { nodes, edges, setTrace } = useEditor.getState();
      const clean = Object.fromEntries(
        Object.entries(payload).filter(([, v]) => v !== undefined && v !== ""),
      );
      const r = await client.workflows.testRun.mutate({
        graph: toDocument(nodes, edges),
        partnerId: chosen,
        event: { type: eventType, payload: clean },
      });
      setResult(r);
      const byNode: Record<string, NodeTrace> = {};
      const lit = new Set<string>();
      r.trace.forEach((t, i) => {
        byNode[t.nodeId] = { order: i + 1, port: t.port, why: t.why, seen: t.inputs };
        if (t.port)
          for (const e of edges)
            if (e.source === t.nodeId && (e.sourceHandle ?? "out") === t.port) lit.add(e.id);
      });
      setTrace(byNode, lit);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setRunning(false);
    }
  };

  return (
    <section className="test-panel" aria-label="Test with an event">
      <header className="panel-row">
        <h2>Test with an event</h2>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            useEditor.getState().setTrace(null);
            props.onClose();
          }}
        >
          Close test
        </button>
      </header>
      <div className="field-row">
        <label htmlFor="test-partner-search">Find partner</label>
        <input
          id="test-partner-search"
          type="search"
          value={partnerSearch}
          onChange={(e) => setPartnerSearch(e.target.value)}
        />
        <label htmlFor="test-partner">Partner</label>
        <Select
          id="test-partner"
          value={chosen || undefined}
          options={(partners.data?.items ?? []).map((p) => ({
            value: p.id,
            label: `${p.name} (${p.tier})`,
          }))}
          onChange={setPartnerId}
        />
      </div>
      <div className="field-row">
        <label htmlFor="test-event-type">Event type</label>
        <Select
          id="test-event-type"
          value={eventType}
          options={EVENT_TYPE_NAMES.map((t) => ({ value: t, label: EVENT_TYPES[t].label }))}
          onChange={changeType}
        />
      </div>
      <div className="field-row">
        <label htmlFor="test-past-event">Past event of this partner (optional)</label>
        <select id="test-past-event" value="" onChange={(e) => fillFromPast(e.target.value)}>
          <option value="">
            {past.data?.items.length
              ? `Fill from one of ${past.data.items.length} recorded events…`
              : "No recorded event of this type"}
          </option>
          {(past.data?.items ?? []).map((e) => (
            <option key={String(e.seq)} value={String(e.seq)}>
              {new Date(e.occurredAt).toLocaleString()} — {summarizePayload(e.payload)}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="field-group">
        <legend>Event payload</legend>
        {fields.map(([key, meta]) => (
          <PayloadField
            key={key}
            name={key}
            meta={meta}
            value={payload[key]}
            onChange={(v) => setPayload((p) => ({ ...p, [key]: v }))}
          />
        ))}
      </fieldset>
      <button
        type="button"
        className="primary"
        disabled={!chosen || running}
        onClick={() => void run()}
      >
        {running ? "Running…" : "Run test"}
      </button>
      {error && (
        <p className="field-errors" role="alert">
          {error}
        </p>
      )}
      {result && <TestResultView result={result} />}
    </section>
  );
}

function initial(t: EventType): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, m] of Object.entries(EVENT_TYPES[t].payload.fields as Record<string, FieldMeta>)) {
    if (editable(m)) out[k] = initialValue(k, m);
  }
  return out;
}

function PayloadField(props: {
  name: string;
  meta: FieldMeta;
  value: unknown;
  onChange: (v: unknown) => void;
}) {
  const id = `payload-${props.name}`;
  const { meta, value } = props;
  const label = `${meta.label}${meta.optional ? " (optional)" : ""}`;
  let control;
  if (meta.type === "money")
    control = <MoneyInput id={id} label={meta.label} value={value} onChange={props.onChange} />;
  else if (meta.type === "enum")
    control = (
      <Select
        id={id}
        value={typeof value === "string" ? value : undefined}
        placeholder={meta.optional ? "— none —" : undefined}
        options={opts(meta.options ?? [])}
        onChange={(v) => props.onChange(v || undefined)}
      />
    );
  else if (meta.type === "number")
    control = (
      <input
        id={id}
        type="number"
        value={typeof value === "number" ? value : ""}
        onChange={(e) => props.onChange(e.target.value === "" ? undefined : Number(e.target.value))}
      />
    );
  else if (meta.type === "boolean")
    control = (
      <input
        id={id}
        type="checkbox"
        checked={value === true}
        onChange={(e) => props.onChange(e.target.checked)}
      />
    );
  else if (meta.type === "date")
    control = (
      <input
        id={id}
        type="date"
        value={typeof value === "string" ? value : ""}
        onChange={(e) => props.onChange(e.target.value || undefined)}
      />
    );
  else
    control = (
      <input
        id={id}
        type="text"
        value={typeof value === "string" ? value : ""}
        onChange={(e) => props.onChange(e.target.value)}
      />
    );
  return (
    <div className="field-row">
      <label htmlFor={id}>{label}</label>
      {control}
    </div>
  );
}

function TestResultView({ result }: { result: TestResult }) {
  if (result.problems.length) {
    return (
      <p className="field-errors" role="alert">
        The draft has {result.problems.length} problems; fix them first.
      </p>
    );
  }
  return (
    <div className="test-result" data-testid="test-result">
      <h3>Path taken</h3>
      <ol>
        {result.trace.map((t) => (
          <li key={t.step}>
            <strong>{nodeDef(t.type)?.label ?? t.type}</strong> — {t.why}
            {t.port ? <span className="muted"> → {t.port}</span> : null}
          </li>
        ))}
      </ol>
      {result.trace.length === 0 && <p>The trigger did not start a run for this event.</p>}
      <h3>Would do ({result.effects.length})</h3>
      <ul>
        {result.effects.map((e, i) => (
          <li key={i}>{describeEffect(e)}</li>
        ))}
      </ul>
      {result.parked && <p>The run would wait here ({result.parked.kind}).</p>}
      {result.error ? (
        <p className="field-errors">Stopped with an error: {JSON.stringify(result.error)}</p>
      ) : null}
    </div>
  );
}

function describeEffect(e: TestResult["effects"][number]): string {
  const { kind, ...rest } = e as { kind: string } & Record<string, unknown>;
  delete rest.idempotencyKey;
  return `${kind.replace(/_/g, " ")}: ${JSON.stringify(rest)}`;
}

/** A short one-line reading of a recorded payload for the past-event picker. */
function summarizePayload(payload: unknown): string {
  if (!payload || typeof payload !== "object") return "";
  return Object.entries(payload as Record<string, unknown>)
    .filter(([, v]) => v !== null && typeof v !== "object")
    .slice(0, 3)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .concat(
      Object.entries(payload as Record<string, unknown>)
        .filter(([, v]) => v && typeof v === "object" && "amount" in v)
        .slice(0, 1)
        .map(([k, v]) => {
          const m = v as { amount: unknown; currency?: string };
          return `${k}: ${String(m.amount)} ${m.currency ?? ""}`.trim();
        }),
    )
    .join(", ");
}
