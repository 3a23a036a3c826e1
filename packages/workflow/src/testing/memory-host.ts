import Decimal from "decimal.js";
import {
  metricKey,
  type CurrencyCode,
  type EntityName,
  type Money,
  type MetricRef,
  type Region,
} from "@partnerflow/domain";
import type { Effect, EffectResult } from "../interpreter/effects.ts";
import type {
  AccountManager,
  EntityRecord,
  LeadCandidate,
  LeadCandidateQuery,
  PartnerState,
  WorkflowHost,
} from "../interpreter/host.ts";

export interface MemoryHostData {
  now: Date;
  partners?: PartnerState[];
  /** metrics[partnerId][metricKey] */
  metrics?: Record<string, Record<string, number | Money>>;
  records?: (EntityRecord & { entity: EntityName })[];
  leadCandidates?: LeadCandidate[];
  accountManagers?: AccountManager[];
  /** rates["EUR->USD"] = "1.10" */
  rates?: Record<string, string>;
}

/**
 * A reference host over plain in-memory data, for tests and examples. Effects are recorded and
 * applied to the partner state (tier, fields, account manager) so later steps see them.
 */
export class MemoryHost implements WorkflowHost {
  clock: Date;
  readonly partners = new Map<string, PartnerState>();
  metrics: Record<string, Record<string, number | Money>>;
  recordList: (EntityRecord & { entity: EntityName })[];
  leadCandidatesList: LeadCandidate[];
  managers: AccountManager[];
  rates: Record<string, string>;
  readonly claimed = new Set<string>();
  readonly caps = new Map<string, string>();
  readonly counters = new Map<string, number>();
  readonly effects: Effect[] = [];

  constructor(data: MemoryHostData) {
    this.clock = data.now;
    for (const p of data.partners ?? []) this.partners.set(p.id, p);
    this.metrics = data.metrics ?? {};
    this.recordList = data.records ?? [];
    this.leadCandidatesList = data.leadCandidates ?? [];
    this.managers = data.accountManagers ?? [];
    this.rates = data.rates ?? {};
  }

  now(): Date {
    return this.clock;
  }
  partner(id: string): PartnerState | null {
    return this.partners.get(id) ?? null;
  }
  metric(partnerId: string, ref: MetricRef): number | Money {
    return this.metrics[partnerId]?.[metricKey(ref)] ?? 0;
  }
  setMetric(partnerId: string, ref: MetricRef, value: number | Money): void {
    (this.metrics[partnerId] ??= {})[metricKey(ref)] = value;
  }
  record(entity: EntityName, id: string): EntityRecord | null {
    return this.recordList.find((r) => r.entity === entity && r.id === id) ?? null;
  }
  records(entity: EntityName, partnerId: string): EntityRecord[] {
    return this.recordList.filter((r) => r.entity === entity && r.partnerId === partnerId);
  }
  leadCandidates(q: LeadCandidateQuery): LeadCandidate[] {
    return this.leadCandidatesList.filter(
      (c) => (!q.region || c.region === q.region) && (!q.country || c.country === q.country),
    );
  }
  accountManagers(region: Region): AccountManager[] {
    return this.managers.filter((m) => m.region === region);
  }
  exchangeRate(from: CurrencyCode, to: CurrencyCode): string {
    if (from === to) return "1";
    const r = this.rates[`${from}->${to}`];
    if (r) return r;
    const inv = this.rates[`${to}->${from}`];
    if (inv) return new Decimal(1).div(inv).toString();
    throw new Error(`no rate ${from}->${to}`);
  }
  claimOnce(key: string): boolean {
    if (this.claimed.has(key)) return false;
    this.claimed.add(key);
    return true;
  }
  capUsage(key: string): string {
    return this.caps.get(key) ?? "0";
  }
  nextCounter(key: string): number {
    const n = this.counters.get(key) ?? 0;
    this.counters.set(key, n + 1);
    return n;
  }
  apply(effect: Effect): EffectResult {
    this.effects.push(effect);
    const p =
      "partnerId" in effect && effect.partnerId ? this.partners.get(effect.partnerId) : undefined;
    switch (effect.kind) {
      case "ledger_entry":
        if (effect.cap)
          this.caps.set(
            effect.cap.key,
            new Decimal(this.capUsage(effect.cap.key)).plus(effect.cap.usage).toString(),
          );
        return { ids: [`reward-${this.effects.length}`] };
      case "set_tier":
        if (p) this.partners.set(p.id, { ...p, tier: effect.to });
        return {};
      case "assign_account_manager":
        if (p) this.partners.set(p.id, { ...p, accountManagerId: effect.userId });
        return {};
      case "update_field":
        if (p) {
          this.partners.set(
            p.id,
            effect.field.startsWith("attributes.")
              ? { ...p, attributes: { ...p.attributes, [effect.field.slice(11)]: effect.value } }
              : { ...p, [effect.field]: effect.value },
          );
        }
        return {};
      case "create_task":
        return { ids: [`task-${this.effects.length}`] };
      default:
        return {};
    }
  }
  /** Effects of one kind, for assertions. */
  effectsOf<K extends Effect["kind"]>(kind: K): Extract<Effect, { kind: K }>[] {
    return this.effects.filter((e): e is Extract<Effect, { kind: K }> => e.kind === kind);
  }
}

/** A partner with sensible defaults, for tests. */
export function partnerState(over: Partial<PartnerState> & { id: string }): PartnerState {
  return {
    name: `Partner ${over.id}`,
    tier: "Registered",
    region: "NA",
    country: "US",
    type: "reseller",
    status: "active",
    accountManagerId: null,
    compliant: true,
    createdAt: "2026-01-01T00:00:00.000Z",
    attributes: {},
    ...over,
  };
}
