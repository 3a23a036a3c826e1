import {
  REQUIRED_DOCUMENT_KINDS,
  metricKey,
  type EntityName,
  type MetricRef,
} from "@partnerflow/domain";
import {
  compileCondition,
  normalizeValue,
  type CompiledCondition,
  type ValueSpec,
} from "../conditions/compile.ts";
import { asMoneyLike, convertToMinor } from "../conditions/normalize.ts";
import type { ConditionTree, Operand } from "../conditions/schema.ts";
import { operandMeta, type CatalogScope } from "../conditions/typing.ts";
import {
  compileExpr,
  compileTpl,
  evaluateCompiled,
  metricsRead,
  renderCompiled,
  rootsRead,
  checkExpr,
} from "../expr-bridge.ts";
import type { CompiledExpression, CompiledTemplate, MetricValue } from "../expr/index.ts";
import type { EffectInput, ExecContext } from "../nodes/define.ts";
import { Effect } from "./effects.ts";
import type { EntityRecord, PartnerState, WorkflowHost } from "./host.ts";
import type { ResumeSignal, RunState } from "./run-state.ts";

const conditionCache = new WeakMap<object, Map<string, CompiledCondition>>();

/** Compiles a rule tree once per (tree object, scope); the IR's configs are long-lived. */
function compiled(tree: ConditionTree, scope: CatalogScope): CompiledCondition {
  const key = `${scope.eventType ?? ""}|${scope.recordEntity ?? ""}`;
  let byScope = conditionCache.get(tree);
  if (!byScope) {
    byScope = new Map<string, CompiledCondition>();
    conditionCache.set(tree, byScope);
  }
  let c = byScope.get(key);
  if (!c) {
    const r = compileCondition(tree, scope, (src, want) => checkExpr(src, scope, want));
    if (!r.ok)
      throw new Error(
        `invalid condition: ${r.problems.map((p) => `${p.path.join(".")}: ${p.message}`).join("; ")}`,
      );
    c = r.condition;
    byScope.set(key, c);
  }
  return c;
}

export interface StepEnv {
  readonly state: RunState;
  readonly host: WorkflowHost;
  readonly nodeId: string;
  readonly config: unknown;
  readonly scope: CatalogScope;
  readonly now: Date;
  readonly signal: ResumeSignal | null;
}

/** Builds the per-step context: host reads are cached for the step and recorded for the trace. */
export function makeContext(
  env: StepEnv,
  inputs: Record<string, unknown>,
  effects: Effect[],
): ExecContext<never> {
  const { state, host, nodeId, scope, now } = env;
  const partnerId = state.trigger.partnerId;
  const event = state.trigger.event?.payload ?? {};
  let partnerP: Promise<PartnerState | null> | undefined;
  let recordP: Promise<EntityRecord | null> | undefined;
  const metricCache = new Map<string, Promise<MetricValue>>();
  const visit = (state.visits[nodeId] ?? 0) + 1;

  const partner = () =>
    (partnerP ??= partnerId ? Promise.resolve(host.partner(partnerId)) : Promise.resolve(null));
  const record = () =>
    (recordP ??= (async () => {
      const entity = scope.recordEntity;
      if (!entity) return null;
      const id = state.trigger.record?.id ?? event[`${entity}Id`];
      if (entity === "partner") return (await partner()) as unknown as EntityRecord | null;
      return typeof id === "string" ? host.record(entity, id) : null;
    })());
  const metric = (ref: MetricRef) => {
    const key = metricKey(ref);
    let p = metricCache.get(key);
    if (!p) {
      p = partnerId ? Promise.resolve(host.metric(partnerId, ref, now)) : Promise.resolve(null);
      metricCache.set(key, p);
    }
    return p;
  };
  const records = (entity: EntityName) =>
    partnerId ? Promise.resolve(host.records(entity, partnerId)) : Promise.resolve([]);
  const validAt = (iso: unknown) =>
    iso === null ||
    iso === undefined ||
    (typeof iso === "string" && Date.parse(iso) > now.getTime());

  const fact = async (op: Extract<Operand, { source: "fact" }>): Promise<boolean> => {
    switch (op.fact) {
      case "training_completed":
        return (await records("training")).some(
          (t) => t.status === "completed" && (!op.arg || t.course === op.arg),
        );
      case "certification_held":
        return (await records("certification")).some(
          (c) => (!op.arg || c.name === op.arg) && validAt(c.expiresAt),
        );
      case "valid_document": {
        const docs = await records("document");
        return docs.some(
          (d) =>
            d.kind === op.arg &&
            d.status !== "rejected" &&
            d.status !== "expired" &&
            validAt(d.validUntil),
        );
      }
      case "missing_required_document": {
        const docs = await records("document");
        return REQUIRED_DOCUMENT_KINDS.some(
          (k) =>
            !docs.some((d) => d.kind === k && d.status === "approved" && validAt(d.validUntil)),
        );
      }
      case "license_renewed": {
        const r = await record();
        const at = r?.renewedAt;
        return typeof at === "string" && Date.parse(at) >= Date.parse(state.trigger.at);
      }
    }
  };

  const operand = async (op: Operand): Promise<unknown> => {
    switch (op.source) {
      case "event":
        return event[op.field] ?? null;
      case "partner": {
        const p = await partner();
        if (!p) return null;
        return op.field.startsWith("attributes.")
          ? (p.attributes[op.field.slice(11)] ?? null)
          : ((p as unknown as Record<string, unknown>)[op.field] ?? null);
      }
      case "record":
        return (await record())?.[op.field] ?? null;
      case "metric":
        return metric(op.metric);
      case "fact":
        return fact(op);
    }
  };

  // Only what the expression reads: a template of partner fields must not cost a record read.
  const exprScope = async (c: CompiledExpression | CompiledTemplate) => {
    const values = new Map<string, MetricValue>();
    for (const m of metricsRead(c)) values.set(metricKey(m), await metric(m));
    const roots = rootsRead(c);
    const [p, r] = await Promise.all([
      roots.has("partner") ? partner() : null,
      roots.has("record") ? record() : null,
    ]);
    return { data: { event, partner: p, record: r }, now, metrics: values };
  };

  const evalExpr = async (source: string): Promise<unknown> => {
    const c = compileExpr(source, scope);
    if (!c.ok)
      throw new Error(`expression ${source}: ${c.errors.map((e) => e.message).join("; ")}`);
    return evaluateCompiled(c, await exprScope(c));
  };

  /** A raw value prepared for a compiled condition: money converted and in minor units. */
  const prepare = async (raw: unknown, spec: ValueSpec): Promise<unknown> => {
    const money = spec.meta.type === "money" ? asMoneyLike(raw) : null;
    if (money) {
      const want = spec.currency;
      // Money is never a float: convert with exact decimals, rounded once (half to even).
      if (want && money.currency !== want)
        return convertToMinor(money, want, await host.exchangeRate(money.currency, want, now));
      return normalizeValue(money, spec.meta, want);
    }
    if (raw instanceof Date) return raw.getTime();
    return normalizeValue(raw, spec.meta, spec.currency);
  };

  const ctx: ExecContext<unknown> = {
    config: env.config,
    nodeId,
    state,
    host,
    now,
    partnerId,
    event,
    signal: env.signal,
    see: (k, v) => {
      inputs[k] = v;
    },
    partner,
    operandMeta: (op) => operandMeta(op, scope),
    operand,
    value: async (v) => (v.kind === "literal" ? v.value : evalExpr(v.source)),
    template: async (source) => {
      const c = compileTpl(source, scope);
      if (!c.ok) throw new Error(`template: ${c.errors.map((e) => e.message).join("; ")}`);
      return renderCompiled(c, await exprScope(c));
    },
    condition: async (tree) => {
      const c = compiled(tree, scope);
      const values = await Promise.all(
        c.specs.map(async (s) =>
          prepare(s.kind === "operand" ? await operand(s.operand) : await evalExpr(s.source), s),
        ),
      );
      return c.explain(values, { nowMs: now.getTime() });
    },
    effect: async (e: EffectInput) => {
      const full = Effect.parse({
        ...e,
        nodeId,
        idempotencyKey: `${state.runId}:${nodeId}:${visit}`,
      });
      effects.push(full);
      return host.apply(full);
    },
  };
  return ctx as ExecContext<never>;
}
