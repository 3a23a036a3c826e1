import { useState } from "react";
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "react-router-dom";
import { TRPCProvider, makeQueryClient, makeTrpcClient } from "./trpc.ts";
import { router } from "./routes.tsx";

/** The app root: query cache, typed tRPC client and the router. */
export function App() {
  // State, not module constants: a remount (tests, HMR) gets a fresh cache.
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(makeTrpcClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <RouterProvider router={router} />
      </TRPCProvider>
    </QueryClientProvider>
  );
}
