import type { EventType } from "@partnerflow/domain";

/** One generated event with its instant as epoch ms (the loader avoids re-parsing dates). */
export interface DemoRecord {
  /** occurredAt, epoch milliseconds. */
  t: number;
  /** Emission counter: breaks ties between events at the same instant, deterministically. */
  n: number;
  type: EventType;
  partnerId: string | undefined;
  payload: Record<string, unknown>;
  idempotencyKey: string;
}

/** Where partner simulations put their events; events after the end of history are dropped. */
export interface Emitter {
  readonly seed: number;
  readonly end: number;
  emit(
    t: number,
    type: EventType,
    partnerId: string | undefined,
    payload: Record<string, unknown>,
    key: string,
  ): void;
}
