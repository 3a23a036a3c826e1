import { z } from "zod";

/** Codes of domain errors: the caller asked for something the partner data does not allow. */
export const DOMAIN_ERROR_CODES = [
  "PARTNER_NOT_FOUND",
  "PARTNER_EXISTS",
  "ENTITY_NOT_FOUND",
  "ENTITY_EXISTS",
  "INVALID_TRANSITION",
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

const base = { message: z.string(), path: z.string().optional() };

/** A stored/serialized domain error: a discriminated union on `code`. */
export const DomainErrorData = z.discriminatedUnion("code", [
  z.strictObject({ code: z.literal("PARTNER_NOT_FOUND"), ...base }),
  z.strictObject({ code: z.literal("PARTNER_EXISTS"), ...base }),
  z.strictObject({ code: z.literal("ENTITY_NOT_FOUND"), ...base }),
  z.strictObject({ code: z.literal("ENTITY_EXISTS"), ...base }),
  z.strictObject({ code: z.literal("INVALID_TRANSITION"), ...base }),
]);
export type DomainErrorData = z.infer<typeof DomainErrorData>;

/**
 * A user mistake refused by the domain rules (not retriable: the same input fails again).
 * Anything else thrown by the service is a system fault (a dropped connection, a bug).
 */
export class DomainError extends Error {
  override readonly name = "DomainError";
  /** Position of the refused input in a recordEvents batch. */
  index: number | undefined;
  constructor(readonly data: DomainErrorData) {
    super(data.message);
  }
  get code(): DomainErrorCode {
    return this.data.code;
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}

/**
 * Another transaction recorded the same idempotency key between our check and our insert.
 * Retriable: the retry sees the committed event and answers it as a duplicate.
 */
export class ConcurrentDuplicateError extends Error {
  override readonly name = "ConcurrentDuplicateError";
  readonly retriable = true;
  constructor(readonly idempotencyKey: string) {
    super(`event ${JSON.stringify(idempotencyKey)} was recorded concurrently; retry`);
  }
}

/**
 * HTTP status of a domain error: always 409 (the request is well-formed but conflicts with the
 * current partner data), so clients tell it apart from a 400 schema error.
 */
export function domainErrorStatus(code: DomainErrorCode): 409 {
  switch (code) {
    case "PARTNER_NOT_FOUND":
    case "PARTNER_EXISTS":
    case "ENTITY_NOT_FOUND":
    case "ENTITY_EXISTS":
    case "INVALID_TRANSITION":
      return 409;
    default: {
      const never: never = code;
      return never;
    }
  }
}
