import { EmptyState } from "../../shared/empty-state.tsx";
import { PageHeader } from "../../shared/query-state.tsx";

/** Placeholder until the simulator is wired to the app. */
export function SimulationsPage() {
  return (
    <>
      <PageHeader title="Simulations" />
      <EmptyState title="Simulations arrive with the simulator — coming next">
        <p>
          You will replay a draft or a version against past partner data and see what it would have
          done before it goes live.
        </p>
      </EmptyState>
    </>
  );
}
