import type { EventPayload, EventType } from "../events/catalog.ts";
import type { DomainEvent } from "../events/envelope.ts";
import { toMinor } from "../money.ts";
import type { RateBook } from "../rates.ts";
import { moneyAt, reorderId, toDayString, toHundredths, toInstant } from "./event-values.ts";
import { emptyPartnerState, type PartnerState } from "./types.ts";

type Collections = {
  [
    K in keyof PartnerState as PartnerState[K] extends Record<string, infer V>
      ? V extends object
        ? K extends "attributes" | "sales" | "csat"
          ? never
          : K
        : never
      : never
  ]: PartnerState[K];
};
type CollectionName = keyof Collections;

/**
 * Gives handlers a writable collection: the same object in in-place mode, a copy made once
 * per event in copy-on-write mode. Entries are always replaced, never mutated, so old states
 * that share entries stay intact.
 */
interface Writer {
  col<K extends CollectionName>(s: PartnerState, name: K): Collections[K];
}

type Handler<T extends EventType> = (
  s: PartnerState,
  e: DomainEvent<T> & { payload: EventPayload<T> },
  w: Writer,
  rates: RateBook,
) => void;

/** One handler per event type: a new type without a handler does not compile. */
const HANDLERS: { [T in EventType]: Handler<T> } = {
  "partner.created": (s, e) => {
    const p = e.payload;
    s.exists = true;
    s.name = p.name;
    s.tier = p.tier;
    s.region = p.region;
    s.country = p.country;
    s.type = p.type;
    s.status = p.status;
    s.accountManagerId = p.accountManagerId ?? null;
    s.compliant = true;
    s.createdAt = e.occurredAt;
    s.attributes = { ...(p.attributes ?? {}) };
  },
  "partner.updated": (s, e) => {
    const p = e.payload;
    if (p.name !== undefined) s.name = p.name;
    if (p.region !== undefined) s.region = p.region;
    if (p.country !== undefined) s.country = p.country;
    if (p.type !== undefined) s.type = p.type;
    if (p.attributes) s.attributes = mergeAttributes(s.attributes, p.attributes);
  },
  "partner.tier_changed": (s, e) => {
    s.tier = e.payload.to;
  },
  "partner.status_changed": (s, e) => {
    s.status = e.payload.to;
  },
  "partner.account_manager_assigned": (s, e) => {
    s.accountManagerId = e.payload.userId;
  },
  "partner.compliance_changed": (s, e) => {
    s.compliant = e.payload.compliant;
  },
  "contact.added": (s, e, w) => {
    const p = e.payload;
    w.col(s, "contacts")[p.contactId] = {
      id: p.contactId,
      name: p.name,
      email: p.email,
      role: p.role ?? null,
      primary: p.primary ?? false,
      createdAt: e.occurredAt,
    };
  },
  "deal.registered": (s, e, w, rates) => {
    const p = e.payload;
    w.col(s, "deals")[p.dealId] = {
      id: p.dealId,
      customer: p.customer,
      ...moneyAt(p.amount, e.occurredAt, rates),
      productLine: p.productLine,
      status: "submitted",
      registeredAt: e.occurredAt,
      expectedCloseDate: p.expectedCloseDate ? toDayString(p.expectedCloseDate) : null,
      statusChangedAt: e.occurredAt,
      wonAt: null,
    };
  },
  "deal.status_changed": (s, e, w) => {
    const p = e.payload;
    const deal = s.deals[p.dealId];
    if (!deal) return;
    w.col(s, "deals")[p.dealId] = {
      ...deal,
      status: p.to,
      statusChangedAt: e.occurredAt,
      wonAt: p.to === "won" ? e.occurredAt : deal.wonAt,
    };
  },
  "sale.recorded": (s, e, _w, rates) => {
    const p = e.payload;
    const { amountReportingMinor } = moneyAt(p.amount, e.occurredAt, rates);
    const line = s.sales.byProductLine[p.productLine] ?? { count: 0, amountReportingMinor: 0 };
    s.sales = {
      count: s.sales.count + 1,
      amountReportingMinor: s.sales.amountReportingMinor + amountReportingMinor,
      byProductLine: {
        ...s.sales.byProductLine,
        [p.productLine]: {
          count: line.count + 1,
          amountReportingMinor: line.amountReportingMinor + amountReportingMinor,
        },
      },
    };
  },
  // Not about one partner: the lead joins a partner's state when it is assigned.
  "lead.created": () => {},
  "lead.assigned": (s, e, w) => {
    w.col(s, "leads")[e.payload.leadId] = {
      id: e.payload.leadId,
      status: "assigned",
      assignedAt: e.occurredAt,
    };
  },
  "lead.status_changed": (s, e, w) => {
    const lead = s.leads[e.payload.leadId];
    if (!lead) return;
    w.col(s, "leads")[lead.id] = { ...lead, status: e.payload.to };
  },
  "training.assigned": (s, e, w) => {
    const p = e.payload;
    const old = s.trainings[p.trainingId];
    w.col(s, "trainings")[p.trainingId] = {
      id: p.trainingId,
      course: p.course,
      status: old?.status ?? "assigned",
      assignedAt: e.occurredAt,
      dueDate: p.dueDate ? toDayString(p.dueDate) : null,
      completedAt: old?.completedAt ?? null,
      score: old?.score ?? null,
    };
  },
  "training.completed": (s, e, w) => {
    const p = e.payload;
    const old = s.trainings[p.trainingId];
    w.col(s, "trainings")[p.trainingId] = {
      id: p.trainingId,
      course: p.course,
      status: "completed",
      assignedAt: old?.assignedAt ?? null,
      dueDate: old?.dueDate ?? null,
      completedAt: e.occurredAt,
      score: p.score === undefined ? null : toHundredths(p.score) / 100,
    };
  },
  "certification.earned": (s, e, w) => {
    const p = e.payload;
    w.col(s, "certifications")[p.certificationId] = {
      id: p.certificationId,
      name: p.name,
      earnedAt: e.occurredAt,
      expiresAt: p.expiresAt ? toInstant(p.expiresAt) : null,
      expiredAt: null,
    };
  },
  "certification.expired": (s, e, w) => {
    const cert = s.certifications[e.payload.certificationId];
    if (!cert) return;
    w.col(s, "certifications")[cert.id] = { ...cert, expiredAt: e.occurredAt };
  },
  "document.submitted": (s, e, w) => {
    const p = e.payload;
    w.col(s, "documents")[p.documentId] = {
      id: p.documentId,
      kind: p.kind,
      status: "submitted",
      submittedAt: e.occurredAt,
      validUntil: p.validUntil ? toInstant(p.validUntil) : null,
      reviewedAt: null,
    };
  },
  "document.status_changed": (s, e, w) => {
    const doc = s.documents[e.payload.documentId];
    if (!doc) return;
    w.col(s, "documents")[doc.id] = { ...doc, status: e.payload.to, reviewedAt: e.occurredAt };
  },
  "license.issued": (s, e, w) => {
    const p = e.payload;
    w.col(s, "licenses")[p.licenseId] = {
      id: p.licenseId,
      product: p.product,
      issuedAt: e.occurredAt,
      expiresAt: toInstant(p.expiresAt),
      renewedAt: null,
    };
  },
  "license.renewed": (s, e, w) => {
    const lic = s.licenses[e.payload.licenseId];
    if (!lic) return;
    w.col(s, "licenses")[lic.id] = {
      ...lic,
      expiresAt: toInstant(e.payload.expiresAt),
      renewedAt: e.occurredAt,
    };
  },
  "inventory.updated": (s, e, w) => {
    const p = e.payload;
    const old = s.inventory[p.sku];
    w.col(s, "inventory")[p.sku] = {
      sku: p.sku,
      product: p.product ?? old?.product ?? null,
      level: p.level,
      threshold: p.threshold ?? old?.threshold ?? 0,
      targetLevel: p.targetLevel ?? old?.targetLevel ?? 0,
      caseSize: p.caseSize ?? old?.caseSize ?? 1,
      updatedAt: e.occurredAt,
    };
  },
  // A notification derived from inventory.updated: the level is already in the state.
  "inventory.low": () => {},
  "inventory.reordered": (s, e, w) => {
    const id = reorderId(e);
    w.col(s, "reorders")[id] = {
      id,
      sku: e.payload.sku,
      quantity: e.payload.quantity,
      createdAt: e.occurredAt,
    };
  },
  "csat.recorded": (s, e) => {
    s.csat = {
      count: s.csat.count + 1,
      scoreHundredthsSum: s.csat.scoreHundredthsSum + toHundredths(e.payload.score),
    };
  },
  "reward.issued": (s, e, w) => {
    const p = e.payload;
    w.col(s, "rewards")[p.rewardId] = {
      id: p.rewardId,
      kind: p.kind,
      amountMinor: p.amount ? toMinor(p.amount) : null,
      currency: p.amount?.currency ?? null,
      points: p.points ?? null,
      status: p.status,
      reason: p.reason,
      periodKey: p.periodKey ?? null,
      runId: e.causationRunId,
      createdAt: e.occurredAt,
      updatedAt: e.occurredAt,
    };
  },
  "reward.status_changed": (s, e, w) => {
    const r = s.rewards[e.payload.rewardId];
    if (!r) return;
    w.col(s, "rewards")[r.id] = { ...r, status: e.payload.to, updatedAt: e.occurredAt };
  },
  "task.created": (s, e, w) => {
    const p = e.payload;
    w.col(s, "tasks")[p.taskId] = {
      id: p.taskId,
      title: p.title,
      assigneeUserId: p.assigneeUserId ?? null,
      team: p.team ?? null,
      status: "open",
      dueDate: p.dueDate ? toDayString(p.dueDate) : null,
      runId: e.causationRunId,
      createdAt: e.occurredAt,
      completedAt: null,
    };
  },
  "task.completed": (s, e, w) => {
    const t = s.tasks[e.payload.taskId];
    if (!t) return;
    w.col(s, "tasks")[t.id] = { ...t, status: "done", completedAt: e.occurredAt };
  },
  "enablement.granted": (s, e, w) => {
    // The first grant counts: granting again is a no-op, as in the table's primary key.
    if (s.enablement[e.payload.content]) return;
    w.col(s, "enablement")[e.payload.content] = e.occurredAt;
  },
};

/** Attribute patches: null removes a key. */
export function mergeAttributes(
  current: Record<string, string | number | boolean>,
  patch: Record<string, string | number | boolean | null>,
): Record<string, string | number | boolean> {
  const next = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next;
}

const IN_PLACE: Writer = { col: (s, name) => s[name] };

function run(s: PartnerState, event: DomainEvent, w: Writer, rates: RateBook): boolean {
  if (event.partnerId !== s.id) {
    // A lead routed to another partner leaves this one (the only cross-partner effect).
    if (event.type === "lead.assigned") {
      const leadId = (event.payload as EventPayload<"lead.assigned">).leadId;
      if (s.leads[leadId]) {
        delete w.col(s, "leads")[leadId];
        return true;
      }
    }
    return false;
  }
  (HANDLERS[event.type] as Handler<EventType>)(s, event, w, rates);
  return true;
}

/**
 * The state after `event`, leaving `state` untouched (copy-on-write: the top-level object and
 * the one collection the event touches are copied; unchanged entries are shared). Events of
 * other partners return `state` itself, except lead.assigned, which removes a lead that was
 * routed elsewhere — route those events to the lead's previous holder too.
 */
export function applyEvent(state: PartnerState, event: DomainEvent, rates: RateBook): PartnerState {
  const next = { ...state };
  const copied = new Set<CollectionName>();
  const cow: Writer = {
    col(s, name) {
      if (!copied.has(name)) {
        copied.add(name);
        (s as Collections)[name] = { ...s[name] } as never;
      }
      return s[name];
    },
  };
  return run(next, event, cow, rates) ? next : state;
}

/**
 * Applies `event` by mutating `state` (the simulator's hot path: no copies). Only use on a
 * state you own and have not shared.
 */
export function applyEventInPlace(state: PartnerState, event: DomainEvent, rates: RateBook): void {
  run(state, event, IN_PLACE, rates);
}

/**
 * The partner's state as of `at`: applies, in the order given (the log's seq order, which is
 * the order the projections saw), every event that occurred at or before `at`. The partner is
 * the one `partnerId` names, else the subject of the first partner.created event.
 */
export function rebuildPartnerState(
  events: readonly DomainEvent[],
  at: Date,
  rates: RateBook,
  partnerId: string = inferPartnerId(events),
): PartnerState {
  const state = emptyPartnerState(partnerId);
  const limit = at.getTime();
  for (const e of events) if (e.occurredAt.getTime() <= limit) applyEventInPlace(state, e, rates);
  return state;
}

function inferPartnerId(events: readonly DomainEvent[]): string {
  const created = events.find((e) => e.type === "partner.created");
  const id = created?.partnerId ?? events.find((e) => e.partnerId)?.partnerId;
  if (!id) throw new RangeError("rebuildPartnerState: pass partnerId when no event names one");
  return id;
}
