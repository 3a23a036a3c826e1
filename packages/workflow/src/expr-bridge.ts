import { ENTITIES, type FieldMeta, type MetricRef, metricKey } from "@partnerflow/domain";
import {
  catalogTypeEnv,
  compileExpression,
  compileTemplate,
  fieldType,
  renderTemplate,
  typeName,
  type CompiledExpression,
  type CompiledTemplate,
  type ExprError,
  type ExprType,
  type MetricValue,
  type TypeEnv,
} from "./expr/index.ts";
import type { CatalogScope } from "./conditions/typing.ts";

/**
 * The one place the workflow core meets the expression language: type environments per
 * trigger scope, compile caches, and type compatibility with catalog field types.
 */
const envCache = new Map<string, TypeEnv>();
const exprCache = new Map<string, ReturnType<typeof compileExpression>>();
const tplCache = new Map<string, ReturnType<typeof compileTemplate>>();
const CACHE_MAX = 5_000;

const scopeKey = (s: CatalogScope) => `${s.eventType ?? ""}|${s.recordEntity ?? ""}`;

/** `partner.*`, `event.*` (trigger event), `record.*` (the trigger's record), metrics. */
export function typeEnvFor(scope: CatalogScope): TypeEnv {
  const key = scopeKey(scope);
  let env = envCache.get(key);
  if (!env) {
    const extra: Record<string, ExprType> = {};
    if (scope.recordEntity) {
      for (const [name, meta] of Object.entries(
        ENTITIES[scope.recordEntity].fields as Record<string, FieldMeta>,
      ))
        extra[`record.${name}`] = fieldType(meta);
    }
    env = catalogTypeEnv({ ...(scope.eventType ? { eventType: scope.eventType } : {}), extra });
    envCache.set(key, env);
  }
  return env;
}

function remember<V>(cache: Map<string, V>, key: string, make: () => V): V {
  const hit = cache.get(key);
  if (hit) return hit;
  const v = make();
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, v);
  return v;
}

const fmtErrors = (errors: readonly ExprError[]) =>
  errors.map((e) => `${e.message} (at ${e.start}–${e.end})`);

function compatible(t: ExprType, want: FieldMeta): boolean {
  if (t.kind === "unknown" || t.kind === "null") return true;
  if (want.type === "text" || want.type === "enum") return t.kind === "text" || t.kind === "enum";
  return t.kind === want.type;
}

export function compileExpr(source: string, scope: CatalogScope) {
  return remember(exprCache, `${scopeKey(scope)}\u0000${source}`, () =>
    compileExpression(source, typeEnvFor(scope)),
  );
}

export function compileTpl(source: string, scope: CatalogScope) {
  return remember(tplCache, `${scopeKey(scope)}\u0000${source}`, () =>
    compileTemplate(source, typeEnvFor(scope)),
  );
}

/** Parse and type errors of an expression, plus a mismatch with the expected field type. */
export function checkExpr(source: string, scope: CatalogScope, expected?: FieldMeta): string[] {
  const c = compileExpr(source, scope);
  if (!c.ok) return fmtErrors(c.errors);
  if (expected && !compatible(c.type, expected))
    return [`the expression gives ${typeName(c.type)}, but ${expected.type} is needed`];
  return [];
}

export function checkTemplate(source: string, scope: CatalogScope): string[] {
  const c = compileTpl(source, scope);
  return c.ok ? [] : fmtErrors(c.errors);
}

/** Metrics an expression or template reads, so the interpreter can fetch them from the host first. */
export function metricsRead(c: CompiledExpression | CompiledTemplate): readonly MetricRef[] {
  if ("reads" in c) return c.reads.metrics;
  return c.parts.flatMap((p) => (p.kind === "hole" ? p.expr.reads.metrics : []));
}

const rootsCache = new WeakMap<CompiledExpression | CompiledTemplate, ReadonlySet<string>>();

/**
 * The data an expression or template reads, by root (`partner`, `record`, `event`): a step
 * loads only those (every read goes through a static path, so none is missed).
 */
export function rootsRead(c: CompiledExpression | CompiledTemplate): ReadonlySet<string> {
  let roots = rootsCache.get(c);
  if (!roots) {
    const paths =
      "reads" in c
        ? c.reads.paths
        : c.parts.flatMap((p) => (p.kind === "hole" ? p.expr.reads.paths : []));
    roots = new Set(paths.map((path) => path.split(".", 1)[0]!));
    rootsCache.set(c, roots);
  }
  return roots;
}

export interface ExprRuntimeScope {
  data: Record<string, unknown>;
  now: Date;
  metrics: ReadonlyMap<string, MetricValue>;
}

const toScope = (s: ExprRuntimeScope) => ({
  data: s.data,
  now: s.now,
  metric: (ref: MetricRef) => s.metrics.get(metricKey(ref)) ?? null,
});

export function evaluateCompiled(c: CompiledExpression, s: ExprRuntimeScope): unknown {
  return c.evaluate(toScope(s));
}

export function renderCompiled(c: CompiledTemplate, s: ExprRuntimeScope): string {
  return renderTemplate(c, toScope(s));
}
