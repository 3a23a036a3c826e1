import type {
  CurrencyCode,
  EntityName,
  Money,
  MetricRef,
  PartnerStatus,
  PartnerType,
  ProductLine,
  Region,
  Tier,
} from "@partnerflow/domain";
import type { Effect, EffectResult } from "./effects.ts";

/**
 * The interpreter's only window on the world. Every read of partner state, every effect and
 * the clock go through a host, so the same interpreter runs live (Postgres, in the run's
 * transaction) and in simulation (state rebuilt from the event log, virtual clock, effects on
 * an in-memory overlay). Methods may answer synchronously or with a promise.
 *
 * Determinism contract: given the same answers from a host, the interpreter makes the same
 * decisions and produces the same trace.
 */
export type MaybePromise<T> = T | Promise<T>;

/** A partner's current state, as the workflow sees it. */
export interface PartnerState {
  readonly id: string;
  readonly name: string;
  readonly tier: Tier;
  readonly region: Region;
  readonly country: string;
  readonly type: PartnerType;
  readonly status: PartnerStatus;
  readonly accountManagerId: string | null;
  readonly compliant: boolean;
  /** ISO date-time the partner joined. */
  readonly createdAt: string;
  readonly attributes: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * A record of one catalog entity (fields as in `ENTITIES[entity].fields`; money fields as
 * `{ amount, currency }`, dates as ISO strings) plus its `partnerId` when it belongs to one.
 */
export type EntityRecord = Readonly<Record<string, unknown>> & {
  readonly id?: string;
  readonly partnerId?: string | null;
};

/** A partner that could receive a lead, with what routing rules need. */
export interface LeadCandidate {
  readonly partnerId: string;
  readonly tier: Tier;
  readonly region: Region;
  readonly country: string;
  readonly status: PartnerStatus;
  /** Leads assigned and not yet converted, declined or lost. */
  readonly openLeads: number;
  /** A performance score (e.g. won deals in the last 90 days) for performance weighting. */
  readonly performance: number;
}

/** A user who can be assigned as a partner's account manager. */
export interface AccountManager {
  readonly userId: string;
  readonly name: string;
  readonly region: Region;
}

/** What the lead-routing node asks the host for. */
export interface LeadCandidateQuery {
  readonly region?: Region | undefined;
  readonly country?: string | undefined;
  readonly productLine?: ProductLine | undefined;
}

export interface WorkflowHost {
  /** The current instant: database clock live, virtual clock in simulation. */
  now(): MaybePromise<Date>;
  partner(id: string): MaybePromise<PartnerState | null>;
  /**
   * A metric value for a partner as of an instant. Number metrics answer a number; money
   * metrics answer `{ amount, currency }` in the reporting currency.
   */
  metric(partnerId: string, ref: MetricRef, asOf: Date): MaybePromise<number | Money>;
  /** One record by id (the deal of a `deal.status_changed`, the license of a date trigger). */
  record(entity: EntityName, id: string): MaybePromise<EntityRecord | null>;
  /** All records of an entity that belong to a partner (trainings, certifications, documents, licenses). */
  records(entity: EntityName, partnerId: string): MaybePromise<readonly EntityRecord[]>;
  /** Partners a lead may be routed to (active, matching the query); routing rules filter further. */
  leadCandidates(query: LeadCandidateQuery): MaybePromise<readonly LeadCandidate[]>;
  /** Account managers of a region, for round-robin assignment. */
  accountManagers(region: Region): MaybePromise<readonly AccountManager[]>;
  /** Units of `to` per one unit of `from` on a day, as a decimal string ("0.9213"). */
  exchangeRate(from: CurrencyCode, to: CurrencyCode, on: Date): MaybePromise<string>;
  /**
   * "Once per period" memory: true the first time a key is claimed, false afterwards. The
   * live host stores the claim in the run's transaction; keys look like
   * `${workflowId}:threshold:${partnerId}:2026-Q2`.
   */
  claimOnce(key: string): MaybePromise<boolean>;
  /** Running total already counted against a cap key, a decimal string in the cap's currency. */
  capUsage(key: string): MaybePromise<string>;
  /** A persistent counter for round robin: answers the current value and increments it. */
  nextCounter(key: string): MaybePromise<number>;
  /** Applies (live) or records (simulation) an effect. Ledger entries also add their cap usage. */
  apply(effect: Effect): MaybePromise<EffectResult>;
}
