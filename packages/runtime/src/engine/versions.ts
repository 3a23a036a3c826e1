import { eq } from "drizzle-orm";
import { schema, type DbOrTx } from "@partnerflow/db";
import { loadIr, type WorkflowIr } from "../workflow-port.ts";

export interface LoadedVersion {
  id: string;
  workflowId: string;
  version: number;
  hash: string;
  ir: WorkflowIr;
}

// Versions are immutable, so a process-wide cache is always correct. It holds the promise: the
// runs of a group ask for their version at the same moment, and a cold cache must read and
// migrate it once, not once per run.
const cache = new Map<string, Promise<LoadedVersion>>();

/** A published version with its IR migrated to the current schemaVersion (cached). */
export function loadVersion(db: DbOrTx, versionId: string): Promise<LoadedVersion> {
  const hit = cache.get(versionId);
  // Another caller's read failed (its transaction aborted, say): read on our own.
  if (hit) return hit.catch(() => readVersion(db, versionId));
  const read = readVersion(db, versionId);
  cache.set(versionId, read);
  // A failed read (the transaction aborted, the version missing) is not remembered.
  read.catch(() => cache.delete(versionId));
  return read;
}

async function readVersion(db: DbOrTx, versionId: string): Promise<LoadedVersion> {
  const [v] = await db
    .select()
    .from(schema.workflowVersions)
    .where(eq(schema.workflowVersions.id, versionId));
  if (!v) throw new Error(`workflow version ${versionId} not found`);
  return {
    id: v.id,
    workflowId: v.workflowId,
    version: v.version,
    hash: v.hash,
    ir: loadIr(v.ir),
  };
}
