import { expect } from "vitest";
import { schema, type Database } from "@partnerflow/db";
import type { EventInput } from "@partnerflow/domain";
import { ingestEvent } from "@partnerflow/service";
import { runUntilIdle } from "../src/runtime.ts";

/**
 * Sends events in through the ingestion path (what POST /events does), each as JSON text,
 * and fails the test if one is refused.
 */
export async function ingest(database: Database, ...events: EventInput[]): Promise<void> {
  for (const event of events) {
    const res = await ingestEvent(database.db, JSON.stringify(event));
    expect(res.status, JSON.stringify(res)).toBeLessThan(300);
  }
}

/** Drives every runtime system to quiescence with the clock stopped at `iso`. */
export function settleAt(database: Database, iso: string): Promise<number> {
  return runUntilIdle({ database, clock: () => new Date(iso) });
}

/** Inserts users (there is no user event; users are directory data). */
export async function seedUsers(
  database: Database,
  users: { id: string; role: string; region?: string }[],
): Promise<void> {
  await database.db
    .insert(schema.users)
    .values(
      users.map((u) => ({
        id: u.id,
        name: u.id,
        email: `${u.id}@example.com`,
        role: u.role,
        region: u.region ?? null,
      })),
    )
    .onConflictDoNothing();
}

/** An event envelope for a partner-scoped event. */
export function ev(
  type: string,
  partnerId: string | undefined,
  occurredAt: string,
  payload: Record<string, unknown>,
  key = `${type}-${partnerId ?? "x"}-${JSON.stringify(payload)}`,
): EventInput {
  return {
    type,
    idempotencyKey: key,
    ...(partnerId ? { partnerId } : {}),
    occurredAt,
    payload,
  } as EventInput;
}
