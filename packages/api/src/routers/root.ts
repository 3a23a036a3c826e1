import { router } from "../trpc.ts";
import { catalogRouter, usersRouter } from "./directory.ts";
import { documentsRouter, licensesRouter, trainingsRouter } from "./enablement.ts";
import { eventsQueries } from "./events.ts";
import {
  dealsMutations,
  eventsMutations,
  partnersMutations,
  rewardsMutations,
  salesMutations,
} from "./mutations.ts";
import { partnersQueries } from "./partners.ts";
import { rewardsQueries } from "./rewards.ts";
import { dealsQueries, leadsRouter, salesQueries } from "./selling.ts";
import { workflowsRouter } from "./workflows.ts";
import { approvalsRouter, outboxRouter, runsRouter } from "./runs.ts";

/** The whole API. Queries read projections; every mutation records an event via the service. */
export const appRouter = router({
  partners: router({ ...partnersQueries, ...partnersMutations }),
  deals: router({ ...dealsQueries, ...dealsMutations }),
  sales: router({ ...salesQueries, ...salesMutations }),
  leads: leadsRouter,
  trainings: trainingsRouter,
  documents: documentsRouter,
  licenses: licensesRouter,
  rewards: router({ ...rewardsQueries, ...rewardsMutations }),
  users: usersRouter,
  catalog: catalogRouter,
  events: router({ ...eventsQueries, ...eventsMutations }),
  workflows: workflowsRouter,
  runs: runsRouter,
  approvals: approvalsRouter,
  outbox: outboxRouter,
});

export type AppRouter = typeof appRouter;
