import { z } from "zod";
import { CURRENT_SCHEMA_VERSION, WorkflowIr } from "./ir.ts";

/**
 * Migrate on read: stored IRs keep the schemaVersion they were published with; reading one
 * runs the step functions from its version up to the current one. The engine only ever sees
 * the current format — no legacy flags inside the interpreter.
 */
type Step = (ir: Record<string, unknown>) => Record<string, unknown>;

/** MIGRATIONS[n] upgrades a version-n document to version n + 1. */
export const MIGRATIONS: Readonly<Record<number, Step>> = {};

export type MigrateResult =
  { ok: true; ir: WorkflowIr; from: number } | { ok: false; message: string };

export function migrateWorkflow(
  input: unknown,
  migrations: Readonly<Record<number, Step>> = MIGRATIONS,
): MigrateResult {
  const head = z.looseObject({ schemaVersion: z.number().int().min(0) }).safeParse(input);
  if (!head.success) return { ok: false, message: "not a workflow: schemaVersion is missing" };
  const from = head.data.schemaVersion;
  if (from > CURRENT_SCHEMA_VERSION)
    return {
      ok: false,
      message: `schemaVersion ${from} is newer than this engine (${CURRENT_SCHEMA_VERSION}); upgrade Partnerflow`,
    };
  let doc: Record<string, unknown> = head.data;
  for (let v = from; v < CURRENT_SCHEMA_VERSION; v++) {
    const step = migrations[v];
    if (!step) return { ok: false, message: `no migration from schemaVersion ${v}` };
    doc = { ...step(doc), schemaVersion: v + 1 };
  }
  const parsed = WorkflowIr.safeParse(doc);
  if (!parsed.success)
    return {
      ok: false,
      message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    };
  return { ok: true, ir: parsed.data, from };
}
