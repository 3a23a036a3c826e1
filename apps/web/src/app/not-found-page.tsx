import { Link } from "react-router-dom";
import { EmptyState } from "../shared/empty-state.tsx";

/** Shown for any URL the router does not know. */
export function NotFoundPage() {
  return (
    <EmptyState title="Page not found">
      <p>
        There is nothing at this address. <Link to="/partners">Go to partners</Link>.
      </p>
    </EmptyState>
  );
}
