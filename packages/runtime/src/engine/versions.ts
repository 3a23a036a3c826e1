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

// Versions are immutable, so a process-wide cache is always correct.
const cache = new Map<string, LoadedVersion>();

/** A published version with its IR migrated to the current schemaVersion (cached). */
export async function loadVersion(db: DbOrTx, versionId: string): Promise<LoadedVersion> {
  const hit = cache.get(versionId);
  if (hit) return hit;
  const [v] = await db
    .select()
    .from(schema.workflowVersions)
    .where(eq(schema.workflowVersions.id, versionId));
  if (!v) throw new Error(`workflow version ${versionId} not found`);
  const loaded: LoadedVersion = {
    id: v.id,
    workflowId: v.workflowId,
    version: v.version,
    hash: v.hash,
    ir: loadIr(v.ir),
  };
  cache.set(versionId, loaded);
  return loaded;
}
