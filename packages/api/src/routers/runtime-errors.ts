import { TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { RuntimeError, type RuntimeErrorCode } from "@partnerflow/runtime";

function codeOf(code: RuntimeErrorCode): TRPC_ERROR_CODE_KEY {
  switch (code) {
    case "NOT_FOUND":
      return "NOT_FOUND";
    case "CONFLICT":
      return "CONFLICT";
    case "BAD_REQUEST":
      return "BAD_REQUEST";
    default: {
      const never: never = code;
      return never;
    }
  }
}

/**
 * Runs a runtime call and turns its refusals into typed tRPC errors. The RuntimeError stays
 * the cause, so compile problems reach the client as `data.problems`.
 */
export async function runtimeCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RuntimeError) {
      throw new TRPCError({ code: codeOf(err.code), message: err.message, cause: err });
    }
    throw err;
  }
}
