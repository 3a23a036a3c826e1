import { Navigate, createBrowserRouter } from "react-router-dom";
import { Layout } from "./layout.tsx";
import { NotFoundPage } from "./not-found-page.tsx";
import { PartnersPage } from "../features/partners/partners-page.tsx";
import { PartnerPage } from "../features/partners/partner-page.tsx";
import { RewardsPage } from "../features/rewards/rewards-page.tsx";
import { ActivityPage } from "../features/activity/activity-page.tsx";
import { WorkflowsPage } from "../features/workflows/workflows-page.tsx";
import { WorkflowEditorPage } from "../features/workflows/editor-page.tsx";
import { RunsPage } from "../features/runs/runs-page.tsx";
import { RunPage } from "../features/runs/run-page.tsx";
import { ApprovalsPage } from "../features/approvals/approvals-page.tsx";
import { OutboxPage } from "../features/outbox/outbox-page.tsx";
import { SimulationsPage } from "../features/simulations/simulations-page.tsx";

/** Every screen of the app; features own their pages, the layout owns the chrome. */
export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <Navigate to="/partners" replace /> },
      { path: "workflows", element: <WorkflowsPage /> },
      { path: "workflows/:id", element: <WorkflowEditorPage /> },
      { path: "partners", element: <PartnersPage /> },
      { path: "partners/:id", element: <PartnerPage /> },
      { path: "runs", element: <RunsPage /> },
      { path: "runs/:id", element: <RunPage /> },
      { path: "approvals", element: <ApprovalsPage /> },
      { path: "simulations", element: <SimulationsPage /> },
      { path: "rewards", element: <RewardsPage /> },
      { path: "activity", element: <ActivityPage /> },
      { path: "outbox", element: <OutboxPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
