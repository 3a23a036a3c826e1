import { eq } from "drizzle-orm";
import { schema, type DbOrTx } from "@partnerflow/db";

/**
 * The causation chain behind an event, oldest first: each link is the workflow and run whose
 * effect recorded the next event. Used to name a loop when the depth limit stops it.
 */
export async function causationChain(
  db: DbOrTx,
  causationRunId: string | null,
  max = 32,
): Promise<{ workflowId: string; runId: string }[]> {
  const chain: { workflowId: string; runId: string }[] = [];
  let runId = causationRunId;
  while (runId && chain.length < max) {
    const [run] = await db
      .select({ id: schema.runs.id, workflowId: schema.runs.workflowId, seq: schema.runs.orderSeq })
      .from(schema.runs)
      .where(eq(schema.runs.id, runId));
    if (!run) break;
    chain.unshift({ workflowId: run.workflowId, runId: run.id });
    const [ev] = await db
      .select({ causationRunId: schema.events.causationRunId })
      .from(schema.events)
      .where(eq(schema.events.seq, run.seq));
    runId = ev?.causationRunId ?? null;
  }
  return chain;
}

/** The stored error of a run refused at the depth limit. */
export function loopLimitError(
  depth: number,
  limit: number,
  chain: { workflowId: string; runId: string }[],
  workflowId: string,
): Record<string, unknown> {
  const links = [...chain.map((c) => `${c.workflowId} (run ${c.runId})`), workflowId];
  return {
    code: "loop_limit",
    message: `Stopped a loop: this run would be caused by a chain ${depth} workflow runs deep (limit ${limit}). Chain: ${links.join(" → ")}`,
    depth,
    chain,
  };
}
