import type { EventPayload, EventType, RateBook } from "@partnerflow/domain";
import { DomainError } from "../errors.ts";
import type { PartnerRow, Wanted, WorkingSet } from "../working-set.ts";

/** An event about to be appended (its seq comes from the insert). */
export interface PendingEvent<T extends EventType = EventType> {
  type: T;
  partnerId: string | null;
  occurredAt: Date;
  payload: EventPayload<T>;
  idempotencyKey: string;
  causationRunId: string | null;
  causationDepth: number;
}

export interface ProjectContext {
  readonly ws: WorkingSet;
  readonly rates: RateBook;
  /** Appends an event derived from the one being projected (recorded right after it). */
  derive(event: PendingEvent): void;
}

export interface Projector<T extends EventType> {
  /** Which rows the event needs loaded. */
  want(w: Wanted, e: PendingEvent<T>): void;
  /** Domain checks, then the change to the working set. Throws DomainError to refuse. */
  project(ctx: ProjectContext, e: PendingEvent<T>): void;
}

export const fail = (
  code: "ENTITY_NOT_FOUND" | "ENTITY_EXISTS" | "INVALID_TRANSITION",
  message: string,
  path: string,
): never => {
  throw new DomainError({ code, message, path });
};

/** A row keyed by a global id must not exist yet (it could belong to another partner). */
export function mustBeNew(row: unknown, what: string, id: string, path: string): void {
  if (row) fail("ENTITY_EXISTS", `${what} ${JSON.stringify(id)} already exists`, path);
}

/** The row must exist and belong to the event's partner. */
export function mustOwn<R extends { partnerId: string | null }>(
  row: R | undefined,
  partnerId: string | null,
  what: string,
  id: string,
  path: string,
): R {
  if (!row || row.partnerId !== partnerId) {
    return fail(
      "ENTITY_NOT_FOUND",
      `${what} ${JSON.stringify(id)} not found for partner ${JSON.stringify(partnerId)}`,
      path,
    );
  }
  return row;
}

export const pid = (e: PendingEvent): string => e.partnerId!;

export function touchPartner(
  ctx: ProjectContext,
  e: PendingEvent,
  patch: Partial<PartnerRow>,
): void {
  const p = ctx.ws.partners.get(pid(e))!;
  ctx.ws.partners.update({ ...p, ...patch, updatedAt: e.occurredAt });
}

export function addSet(map: Map<string, Set<string>>, k: string, v: string): void {
  let s = map.get(k);
  if (!s) map.set(k, (s = new Set()));
  s.add(v);
}

export const none = (): void => {};

/** The projectors of the event types `K`: each area file exports one such map. */
export type Projectors<K extends EventType> = { [T in K]: Projector<T> };
