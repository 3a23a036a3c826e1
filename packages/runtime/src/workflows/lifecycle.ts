import { and, desc, eq, sql } from "drizzle-orm";
import { schema, type Db, type DbOrTx, type Tx } from "@partnerflow/db";
import { notFound, RuntimeError } from "../errors.ts";
import { compileGraph, loadIr, type Graph, type WorkflowIr } from "../workflow-port.ts";

const { workflows, workflowVersions, workflowTriggers, workflowAudit, scheduleCursors, events } =
  schema;

/** How the dispatcher finds a version's trigger: kind plus the event type it listens to. */
export function triggerIndexOf(ir: WorkflowIr): { kind: string; eventType: string | null } {
  const node = ir.nodes[ir.trigger];
  if (!node) throw new Error(`workflow trigger node ${ir.trigger} is missing`);
  switch (node.type) {
    case "trigger.event":
      return { kind: "event", eventType: String(node.config["eventType"]) };
    case "trigger.record_change":
      return { kind: "record_change", eventType: "*" };
    case "trigger.threshold":
      return { kind: "threshold", eventType: "*" };
    case "trigger.schedule":
      return { kind: "schedule", eventType: null };
    case "trigger.date_relative":
      return { kind: "date_relative", eventType: null };
    default:
      return { kind: "manual", eventType: null };
  }
}

/**
 * Compiles the draft and stores it as the next immutable numbered version. Refused with the
 * compiler's problems (BAD_REQUEST) if there are any.
 */
export async function publishWorkflow(
  db: Db,
  input: { id: string; note: string; author?: string | undefined },
): Promise<{ version: number; hash: string }> {
  return db.transaction(async (tx) => {
    const [w] = await tx.select().from(workflows).where(eq(workflows.id, input.id)).for("update");
    if (!w) throw notFound("workflow", input.id);
    const compiled = compileGraph(w.draft);
    if (!compiled.ok) {
      throw new RuntimeError(
        "BAD_REQUEST",
        `The workflow has ${compiled.problems.length} problem(s): ${compiled.problems
          .slice(0, 5)
          .map((p) => `${p.nodeId ?? "graph"} ${p.path.join(".")}: ${p.message}`)
          .join("; ")}`,
        compiled.problems,
      );
    }
    const [last] = await tx
      .select({ version: workflowVersions.version })
      .from(workflowVersions)
      .where(eq(workflowVersions.workflowId, input.id))
      .orderBy(desc(workflowVersions.version))
      .limit(1);
    const version = (last?.version ?? 0) + 1;
    await tx.insert(workflowVersions).values({
      id: `${input.id}@${version}`,
      workflowId: input.id,
      version,
      graph: w.draft,
      ir: compiled.ir,
      hash: compiled.hash,
      note: input.note,
      author: input.author ?? null,
    });
    await tx
      .update(workflows)
      .set({ updatedAt: sql`now()`, status: w.activeVersion === null ? "inactive" : "active" })
      .where(eq(workflows.id, input.id));
    await audit(tx, input.id, "publish", version, input.author, {
      hash: compiled.hash,
      note: input.note,
    });
    return { version, hash: compiled.hash };
  });
}

/**
 * Makes `version` the one live version: its trigger replaces the workflow's entry in the
 * trigger index. Only events recorded after activation start runs; runs already started
 * keep the version they started on.
 */
export async function activateWorkflow(
  db: Db,
  input: {
    id: string;
    version: number;
    actor?: string | undefined;
    /** Schedules fire from this instant on (default: the database clock). Tests inject it. */
    at?: Date | undefined;
  },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [w] = await tx.select().from(workflows).where(eq(workflows.id, input.id)).for("update");
    if (!w) throw notFound("workflow", input.id);
    if (w.archived)
      throw new RuntimeError("BAD_REQUEST", "an archived workflow cannot be activated");
    const [v] = await tx
      .select()
      .from(workflowVersions)
      .where(
        and(eq(workflowVersions.workflowId, input.id), eq(workflowVersions.version, input.version)),
      );
    if (!v) throw notFound("version", `${input.id}@${input.version}`);
    const trigger = triggerIndexOf(loadIr(v.ir));
    const [head] = await tx.select({ seq: sql<number | null>`max(${events.seq})` }).from(events);
    await tx.delete(workflowTriggers).where(eq(workflowTriggers.workflowId, input.id));
    await tx.insert(workflowTriggers).values({
      versionId: v.id,
      workflowId: input.id,
      kind: trigger.kind,
      eventType: trigger.eventType,
      activeFromSeq: Number(head?.seq ?? 0),
    });
    if (trigger.kind === "schedule" || trigger.kind === "date_relative") {
      await tx
        .insert(scheduleCursors)
        .values({ versionId: v.id, lastFireAt: input.at ?? sql`now()` })
        .onConflictDoUpdate({
          target: scheduleCursors.versionId,
          set: { lastFireAt: input.at ?? sql`now()` },
        });
    }
    await tx
      .update(workflows)
      .set({ activeVersion: input.version, status: "active", updatedAt: sql`now()` })
      .where(eq(workflows.id, input.id));
    await audit(tx, input.id, "activate", input.version, input.actor);
  });
}

/** Stops new runs; parked runs finish on their version unless cancelled. */
export async function deactivateWorkflow(
  db: DbOrTx,
  input: { id: string; actor?: string | undefined },
): Promise<void> {
  const done = await db
    .update(workflows)
    .set({ activeVersion: null, status: "inactive", updatedAt: sql`now()` })
    .where(eq(workflows.id, input.id))
    .returning({ id: workflows.id });
  if (done.length === 0) throw notFound("workflow", input.id);
  await db.delete(workflowTriggers).where(eq(workflowTriggers.workflowId, input.id));
  await audit(db, input.id, "deactivate", null, input.actor);
}

/** Archives (and deactivates) a workflow; it disappears from the default list. */
export async function archiveWorkflow(db: DbOrTx, id: string): Promise<void> {
  await deactivateWorkflow(db, { id });
  await db
    .update(workflows)
    .set({ archived: true, status: "archived", updatedAt: sql`now()` })
    .where(eq(workflows.id, id));
}

/** The graph of a version (or of the draft when no version is given), for export to git. */
export async function exportWorkflow(
  db: DbOrTx,
  input: { id: string; version?: number | undefined },
): Promise<Graph> {
  if (input.version === undefined) {
    const [w] = await db
      .select({ draft: workflows.draft })
      .from(workflows)
      .where(eq(workflows.id, input.id));
    if (!w) throw notFound("workflow", input.id);
    return w.draft as Graph;
  }
  const [v] = await db
    .select({ graph: workflowVersions.graph })
    .from(workflowVersions)
    .where(
      and(eq(workflowVersions.workflowId, input.id), eq(workflowVersions.version, input.version)),
    );
  if (!v) throw notFound("version", `${input.id}@${input.version}`);
  return v.graph as Graph;
}

async function audit(
  db: DbOrTx | Tx,
  workflowId: string,
  action: string,
  version: number | null,
  actor?: string,
  detail?: Record<string, unknown>,
): Promise<void> {
  await db
    .insert(workflowAudit)
    .values({ workflowId, action, version, actor: actor ?? null, detail: detail ?? null });
}
