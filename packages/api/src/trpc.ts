import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { DomainError, type DomainErrorCode } from "@partnerflow/service";
import type { Context } from "./context.ts";
import { formatError, issuesMessage } from "./errors.ts";

const t = initTRPC.context<Context>().create({
  errorFormatter: ({ shape, error }) => {
    const { stack: _stack, ...data } = shape.data;
    // Compile problems (workflows.publish) travel as `data.problems`, only when present.
    const problems = (error.cause as { problems?: unknown } | undefined)?.problems;
    const extra = Array.isArray(problems) && problems.length > 0 ? { problems } : {};
    const formatted = formatError(error);
    // zod's own message is its issues as pretty JSON; "field: reason; …" reads better.
    const message = formatted.issues ? issuesMessage(formatted.issues) : shape.message;
    return { ...shape, message, data: { ...data, ...formatted, ...extra } };
  },
});

/** How a refused domain request reads to a tRPC client. */
export function trpcCodeOf(code: DomainErrorCode): TRPC_ERROR_CODE_KEY {
  switch (code) {
    case "PARTNER_NOT_FOUND":
    case "ENTITY_NOT_FOUND":
      return "NOT_FOUND";
    case "PARTNER_EXISTS":
    case "ENTITY_EXISTS":
    case "INVALID_TRANSITION":
      return "CONFLICT";
    default: {
      const never: never = code;
      return never;
    }
  }
}

/**
 * Domain errors thrown by the service become typed tRPC errors (the cause is kept, so the
 * formatter can expose the domain code); anything else stays an internal error and is logged.
 */
const domainErrors = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof DomainError) {
      throw new TRPCError({ code: trpcCodeOf(cause.code), message: cause.message, cause });
    }
    if (result.error.code === "INTERNAL_SERVER_ERROR") {
      ctx.logger.error("procedure failed", { path, error: cause ?? result.error });
    }
  }
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(domainErrors);
export const createCallerFactory = t.createCallerFactory;
