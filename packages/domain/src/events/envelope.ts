import { z } from "zod";
import {
  EVENT_TYPES,
  EVENT_TYPE_NAMES,
  isEventType,
  type EventPayload,
  type EventType,
} from "./catalog.ts";

/** Largest accepted event payload, serialized. */
export const MAX_EVENT_BYTES = 1_048_576;

const Id = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9_.:-]+$/, "ids use letters, digits and _ . : -");

/** The raw shape an external system sends (before per-type payload validation). */
export const EventEnvelopeInput = z.strictObject({
  type: z.string().min(1),
  idempotencyKey: z.string().min(1, "idempotencyKey is required").max(200),
  occurredAt: z.iso
    .datetime({ offset: true, message: "must be an ISO 8601 date-time with offset" })
    .optional(),
  partnerId: Id.optional(),
  // Optional here so a bad type is reported as such; a missing payload is checked per type below.
  payload: z.unknown().optional(),
});

/** A validated event ready to be recorded, typed by its `type`. */
export type EventInput = {
  [T in EventType]: {
    type: T;
    idempotencyKey: string;
    occurredAt?: string | undefined;
    partnerId?: string | undefined;
    payload: EventPayload<T>;
  };
}[EventType];

/**
 * Validates an incoming event: the envelope, the type, the partner id rule and the payload.
 * Issue paths are rooted at the envelope (`payload.amount.currency`).
 */
export const EventInputSchema: z.ZodType<EventInput> = EventEnvelopeInput.transform((env, ctx) => {
  if (!isEventType(env.type)) {
    ctx.addIssue({
      code: "custom",
      path: ["type"],
      message: `unknown event type ${JSON.stringify(env.type)}; known types: ${EVENT_TYPE_NAMES.join(", ")}`,
    });
    return z.NEVER;
  }
  const def = EVENT_TYPES[env.type];
  if (def.partnerScoped && !env.partnerId) {
    ctx.addIssue({
      code: "custom",
      path: ["partnerId"],
      message: `partnerId is required for ${env.type}`,
    });
  }
  if (!def.partnerScoped && env.partnerId) {
    ctx.addIssue({
      code: "custom",
      path: ["partnerId"],
      message: `${env.type} is not about one partner; omit partnerId`,
    });
  }
  const parsed = def.payload.schema.safeParse(env.payload ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      ctx.addIssue({
        ...issue,
        code: "custom",
        path: ["payload", ...issue.path],
        message: issue.message,
      } as never);
    }
    return z.NEVER;
  }
  return { ...env, payload: parsed.data } as EventInput;
});

/** An event as stored in the append-only log. */
export interface DomainEvent<T extends EventType = EventType> {
  /** Global, gap-tolerant order of the log. */
  readonly seq: number;
  readonly type: T;
  readonly partnerId: string | null;
  readonly occurredAt: Date;
  readonly recordedAt: Date;
  readonly payload: EventPayload<T>;
  readonly idempotencyKey: string | null;
  /** The workflow run whose effect caused this event, if any. */
  readonly causationRunId: string | null;
  /** 0 for events from the outside world; a run's effects carry its trigger's depth + 1. */
  readonly causationDepth: number;
}

/** Readable "field: reason" lines from a zod error, for HTTP 400 bodies and CLI output. */
export function formatIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({
    path: i.path.map(String).join(".") || "(root)",
    message: i.message,
  }));
}
