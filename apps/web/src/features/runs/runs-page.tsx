import { EmptyState } from "../../shared/empty-state.tsx";
import { PageHeader } from "../../shared/query-state.tsx";

/** Placeholder until the workflow runtime exposes runs to the app. */
export function RunsPage() {
  return (
    <>
      <PageHeader title="Runs" />
      <EmptyState title="Runs arrive with the workflow runtime — coming next">
        <p>Every run of a published workflow will be listed here with its step-by-step trace.</p>
      </EmptyState>
    </>
  );
}
