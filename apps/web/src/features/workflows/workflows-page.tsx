import { EmptyState } from "../../shared/empty-state.tsx";
import { PageHeader } from "../../shared/query-state.tsx";

/** Placeholder until the workflow canvas lands in this feature folder. */
export function WorkflowsPage() {
  return (
    <>
      <PageHeader title="Workflows" />
      <EmptyState title="Workflows arrive with the canvas — coming next">
        <p>
          You will draw trigger → condition → action automations here, start from templates, and
          publish numbered versions.
        </p>
      </EmptyState>
    </>
  );
}
