import { QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@partnerflow/api";

/**
 * The typed tRPC hooks. Components call `useTRPC()` and hand its `queryOptions` to TanStack
 * Query, so every request and response type is inferred from the server's router.
 */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** One query client per app mount; retries are low because the API is local and errors are real. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (failureCount, error) => failureCount < 1 && !isClientError(error),
        refetchOnWindowFocus: false,
      },
    },
  });
}

/** The client talks to same-origin "/trpc": the server serves the app, Vite proxies in dev. */
export function makeTrpcClient() {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: "/trpc" })],
  });
}

/** 4xx answers (not found, bad input) will not change on retry. */
function isClientError(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("data" in error)) return false;
  const data = (error as { data?: { httpStatus?: number } | null }).data;
  const status = data?.httpStatus;
  return typeof status === "number" && status >= 400 && status < 500;
}
