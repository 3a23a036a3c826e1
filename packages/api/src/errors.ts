import { TRPCError } from "@trpc/server";
import { DomainError } from "@partnerflow/service";

/** One validation problem, as every client of the API sees it. */
export interface Issue {
  path: string;
  message: string;
}

interface IssueLike {
  path?: readonly (PropertyKey | { key: PropertyKey })[] | undefined;
  message: string;
}

function hasIssues(e: unknown): e is { issues: IssueLike[] } {
  return (
    typeof e === "object" &&
    e !== null &&
    Array.isArray((e as { issues?: unknown }).issues) &&
    (e as { issues: unknown[] }).issues.every(
      (i) => typeof i === "object" && i !== null && typeof (i as IssueLike).message === "string",
    )
  );
}

/** Flattens zod / standard-schema issues into `{ path: "a.b.0", message }`. */
export function flattenIssues(issues: readonly IssueLike[]): Issue[] {
  return issues.map((i) => ({
    path:
      (i.path ?? [])
        .map((seg) => String(typeof seg === "object" && seg !== null ? seg.key : seg))
        .join(".") || "(root)",
    message: i.message,
  }));
}

/** The extra `data` every tRPC error carries: flattened issues and the domain error code. */
export function formatError(error: TRPCError): {
  issues: Issue[] | null;
  domainCode: string | null;
} {
  const cause = error.cause;
  if (cause instanceof DomainError) {
    const issues = cause.data.path ? [{ path: cause.data.path, message: cause.message }] : null;
    return { issues, domainCode: cause.code };
  }
  return { issues: hasIssues(cause) ? flattenIssues(cause.issues) : null, domainCode: null };
}

/** Makes a readable one-line message out of issues, e.g. "limit: must be at most 100". */
export function issuesMessage(issues: readonly Issue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join("; ");
}

/** A not-found answer for a lookup by id. */
export function notFound(what: string, id: string): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: `${what} ${JSON.stringify(id)} not found` });
}
