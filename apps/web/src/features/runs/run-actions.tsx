import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../../app/trpc.ts";
import { ErrorMessage } from "../../shared/query-state.tsx";
import { canCancel, canRetry } from "./run-format.ts";

/** Retry (failed or dead runs) and Cancel (runs that have not ended), with the outcome said. */
export function RunActions({ id, status }: { id: string; status: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.runs.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.approvals.pathKey() }),
    ]);
  const retry = useMutation(
    trpc.runs.retry.mutationOptions({
      onSuccess: async () => {
        setDone("Retry queued: the run starts again from the step that failed.");
        await refresh();
      },
    }),
  );
  const cancel = useMutation(
    trpc.runs.cancel.mutationOptions({
      onSuccess: async () => {
        setDone("Run cancelled: it will take no further steps.");
        await refresh();
      },
    }),
  );
  const busy = retry.isPending || cancel.isPending;
  const error = retry.error ?? cancel.error;
  return (
    <div className="stack">
      <div className="actions-row">
        {canRetry(status) ? (
          <button
            type="button"
            className="button primary"
            disabled={busy}
            onClick={() => {
              setDone(null);
              cancel.reset();
              retry.mutate({ id });
            }}
          >
            {retry.isPending ? "Retrying…" : "Retry run"}
          </button>
        ) : null}
        {canCancel(status) ? (
          <button
            type="button"
            className="button danger"
            disabled={busy}
            onClick={() => {
              if (!window.confirm("Cancel this run? It will take no further steps.")) return;
              setDone(null);
              retry.reset();
              cancel.mutate({ id });
            }}
          >
            {cancel.isPending ? "Cancelling…" : "Cancel run"}
          </button>
        ) : null}
      </div>
      <div role="status" aria-live="polite">
        {done ? <p className="notice">{done}</p> : null}
      </div>
      {error ? <ErrorMessage error={error} title="The runtime refused" /> : null}
    </div>
  );
}
