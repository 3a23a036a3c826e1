import { EVENT_TYPES, type EventType } from "@partnerflow/domain";
import { commerceProjectors } from "./commerce.ts";
import { complianceProjectors } from "./compliance.ts";
import { enablementProjectors } from "./enablement.ts";
import { operationsProjectors } from "./operations.ts";
import { partnerProjectors } from "./partners.ts";
import { rewardProjectors } from "./rewards.ts";
import type { Projectors } from "./shared.ts";

export type { PendingEvent, ProjectContext } from "./shared.ts";

/**
 * The current-state projection of every event type (what the tables become), one area per
 * file. Mirrors the pure reducer in @partnerflow/domain/state; the log-vs-tables tests keep
 * the two honest. The type makes a missing or misspelled event type a compile error.
 */
export const PROJECTORS: Projectors<EventType> = {
  ...partnerProjectors,
  ...commerceProjectors,
  ...enablementProjectors,
  ...complianceProjectors,
  ...operationsProjectors,
  ...rewardProjectors,
};

/** Whether events of this type must name an existing partner. */
export const isPartnerScoped = (t: EventType): boolean => EVENT_TYPES[t].partnerScoped;
