import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { schema, type Db } from "@partnerflow/db";
import { z } from "zod";

const SETTING_KEY = "ingest_api_key";
const StoredKey = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), createdAt: z.string() });

const sha256 = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();

/** Where the accepted key came from; the plain key is only known when it was just generated. */
export type ApiKeySource =
  { kind: "env" } | { kind: "stored" } | { kind: "generated"; key: string };

/** Checks `Authorization: Bearer <key>` against the accepted key's hash, in constant time. */
export interface ApiKeyVerifier {
  readonly source: ApiKeySource;
  verify(authorization: string | undefined): boolean;
}

function verifierFor(hash: Buffer, source: ApiKeySource): ApiKeyVerifier {
  return {
    source,
    verify(authorization) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
      if (!match?.[1]) return false;
      // Comparing fixed-length digests keeps the time independent of the key's length and content.
      return timingSafeEqual(sha256(match[1]), hash);
    },
  };
}

/**
 * The ingestion key: PARTNERFLOW_API_KEY when configured; otherwise the one stored (hashed)
 * in `settings`; otherwise a new random key, stored hashed and returned once so the caller
 * can print it. The plain key is never written to the database.
 */
export async function ensureApiKey(db: Db, configured?: string): Promise<ApiKeyVerifier> {
  if (configured) return verifierFor(sha256(configured), { kind: "env" });
  const [row] = await db.select().from(schema.settings).where(eq(schema.settings.key, SETTING_KEY));
  const stored = row ? StoredKey.safeParse(row.value) : null;
  if (stored?.success)
    return verifierFor(Buffer.from(stored.data.sha256, "hex"), { kind: "stored" });
  const key = `pf_${randomBytes(24).toString("base64url")}`;
  const hash = sha256(key);
  const value = { sha256: hash.toString("hex"), createdAt: new Date().toISOString() };
  await db
    .insert(schema.settings)
    .values({ key: SETTING_KEY, value })
    .onConflictDoUpdate({ target: schema.settings.key, set: { value, updatedAt: new Date() } });
  return verifierFor(hash, { kind: "generated", key });
}
