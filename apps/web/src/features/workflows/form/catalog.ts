import { ENTITIES, eventFields, type FieldMeta } from "@partnerflow/domain";
import {
  catalogTypeEnv,
  operandMeta,
  type CatalogScope,
  type Operand,
  type TypeEnv,
} from "../lib/workflow-lib.ts";

/** Fields an operand source offers in pickers, as [key, meta] pairs. */
export function fieldsFor(
  source: "event" | "partner" | "record",
  scope: CatalogScope,
): [string, FieldMeta][] {
  if (source === "partner")
    return Object.entries(ENTITIES.partner.fields as Record<string, FieldMeta>);
  if (source === "event")
    return scope.eventType ? Object.entries(eventFields(scope.eventType)) : [];
  return scope.recordEntity
    ? Object.entries(ENTITIES[scope.recordEntity].fields as Record<string, FieldMeta>)
    : [];
}

/** Field metadata of an operand, or undefined when the operand does not resolve. */
export function metaOf(op: Operand | undefined, scope: CatalogScope): FieldMeta | undefined {
  if (!op) return undefined;
  const m = operandMeta(op, scope);
  return typeof m === "string" ? undefined : m;
}

const envCache = new Map<string, TypeEnv>();
/** The expression type environment for a scope (cached: building it walks the catalog). */
export function typeEnvFor(scope: CatalogScope): TypeEnv {
  const key = scope.eventType ?? "";
  let env = envCache.get(key);
  if (!env) {
    env = catalogTypeEnv(scope.eventType ? { eventType: scope.eventType } : {});
    envCache.set(key, env);
  }
  return env;
}
