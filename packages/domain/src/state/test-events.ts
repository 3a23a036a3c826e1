import type { EventPayload, EventType } from "../events/catalog.ts";
import type { DomainEvent } from "../events/envelope.ts";

/** Test helper: a stored event with a fresh seq (not exported from the package). */
let seq = 0;
export function ev<T extends EventType>(
  type: T,
  payload: EventPayload<T>,
  at: string,
  partnerId: string | null = "p1",
): DomainEvent {
  seq++;
  return {
    seq,
    type,
    partnerId,
    occurredAt: new Date(at),
    recordedAt: new Date(at),
    payload,
    idempotencyKey: `k${seq}`,
    causationRunId: null,
    causationDepth: 0,
  };
}
