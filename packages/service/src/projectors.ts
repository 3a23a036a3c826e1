import {
  EVENT_TYPES,
  isLegalDealTransition,
  mergeAttributes,
  moneyAt,
  reorderId,
  toDayString,
  toHundredths,
  toInstant,
  toMinor,
  type EventPayload,
  type EventType,
  type RateBook,
} from "@partnerflow/domain";
import { DomainError } from "./errors.ts";
import { pairKey, type PartnerRow, type Wanted, type WorkingSet } from "./working-set.ts";

/** An event about to be appended (its seq comes from the insert). */
export interface PendingEvent<T extends EventType = EventType> {
  type: T;
  partnerId: string | null;
  occurredAt: Date;
  payload: EventPayload<T>;
  idempotencyKey: string;
  causationRunId: string | null;
  causationDepth: number;
}

export interface ProjectContext {
  readonly ws: WorkingSet;
  readonly rates: RateBook;
  /** Appends an event derived from the one being projected (recorded right after it). */
  derive(event: PendingEvent): void;
}

interface Projector<T extends EventType> {
  /** Which rows the event needs loaded. */
  want(w: Wanted, e: PendingEvent<T>): void;
  /** Domain checks, then the change to the working set. Throws DomainError to refuse. */
  project(ctx: ProjectContext, e: PendingEvent<T>): void;
}

const fail = (
  code: "ENTITY_NOT_FOUND" | "ENTITY_EXISTS" | "INVALID_TRANSITION",
  message: string,
  path: string,
): never => {
  throw new DomainError({ code, message, path });
};

/** A row keyed by a global id must not exist yet (it could belong to another partner). */
function mustBeNew(row: unknown, what: string, id: string, path: string): void {
  if (row) fail("ENTITY_EXISTS", `${what} ${JSON.stringify(id)} already exists`, path);
}

/** The row must exist and belong to the event's partner. */
function mustOwn<R extends { partnerId: string | null }>(
  row: R | undefined,
  partnerId: string | null,
  what: string,
  id: string,
  path: string,
): R {
  if (!row || row.partnerId !== partnerId) {
    return fail(
      "ENTITY_NOT_FOUND",
      `${what} ${JSON.stringify(id)} not found for partner ${JSON.stringify(partnerId)}`,
      path,
    );
  }
  return row;
}

const pid = (e: PendingEvent): string => e.partnerId!;

function touchPartner(ctx: ProjectContext, e: PendingEvent, patch: Partial<PartnerRow>): void {
  const p = ctx.ws.partners.get(pid(e))!;
  ctx.ws.partners.update({ ...p, ...patch, updatedAt: e.occurredAt });
}

function addSet(map: Map<string, Set<string>>, k: string, v: string): void {
  let s = map.get(k);
  if (!s) map.set(k, (s = new Set()));
  s.add(v);
}

const none = (): void => {};

/**
 * The current-state projection of every event type (what the tables become). Mirrors the
 * pure reducer in @partnerflow/domain/state; the log-vs-tables tests keep the two honest.
 */
export const PROJECTORS: { [T in EventType]: Projector<T> } = {
  "partner.created": {
    want: none,
    project: (ctx, e) => {
      const p = e.payload;
      ctx.ws.partners.insert({
        id: pid(e),
        name: p.name,
        tier: p.tier,
        region: p.region,
        country: p.country,
        type: p.type,
        status: p.status,
        accountManagerId: p.accountManagerId ?? null,
        compliant: true,
        attributes: { ...(p.attributes ?? {}) },
        createdAt: e.occurredAt,
        updatedAt: e.occurredAt,
      });
    },
  },
  "partner.updated": {
    want: none,
    project: (ctx, e) => {
      const p = e.payload;
      const cur = ctx.ws.partners.get(pid(e))!;
      touchPartner(ctx, e, {
        ...(p.name === undefined ? {} : { name: p.name }),
        ...(p.region === undefined ? {} : { region: p.region }),
        ...(p.country === undefined ? {} : { country: p.country }),
        ...(p.type === undefined ? {} : { type: p.type }),
        ...(p.attributes ? { attributes: mergeAttributes(cur.attributes, p.attributes) } : {}),
      });
    },
  },
  "partner.tier_changed": {
    want: none,
    project: (ctx, e) => {
      const cur = ctx.ws.partners.get(pid(e))!;
      if (e.payload.from !== undefined && e.payload.from !== cur.tier) {
        fail(
          "INVALID_TRANSITION",
          `partner tier is ${cur.tier}, not ${e.payload.from}`,
          "payload.from",
        );
      }
      touchPartner(ctx, e, { tier: e.payload.to });
    },
  },
  "partner.status_changed": {
    want: none,
    project: (ctx, e) => {
      const cur = ctx.ws.partners.get(pid(e))!;
      if (e.payload.from !== undefined && e.payload.from !== cur.status) {
        fail(
          "INVALID_TRANSITION",
          `partner status is ${cur.status}, not ${e.payload.from}`,
          "payload.from",
        );
      }
      touchPartner(ctx, e, { status: e.payload.to });
    },
  },
  "partner.account_manager_assigned": {
    want: none,
    project: (ctx, e) => touchPartner(ctx, e, { accountManagerId: e.payload.userId }),
  },
  "partner.compliance_changed": {
    want: none,
    project: (ctx, e) => touchPartner(ctx, e, { compliant: e.payload.compliant }),
  },
  "contact.added": {
    want: (w, e) => w.contacts.add(e.payload.contactId),
    project: (ctx, e) => {
      const p = e.payload;
      mustBeNew(ctx.ws.contacts.get(p.contactId), "contact", p.contactId, "payload.contactId");
      ctx.ws.contacts.insert({
        id: p.contactId,
        partnerId: pid(e),
        name: p.name,
        email: p.email,
        role: p.role ?? null,
        primary: p.primary ?? false,
        createdAt: e.occurredAt,
      });
    },
  },
  "deal.registered": {
    want: (w, e) => w.deals.add(e.payload.dealId),
    project: (ctx, e) => {
      const p = e.payload;
      mustBeNew(ctx.ws.deals.get(p.dealId), "deal", p.dealId, "payload.dealId");
      ctx.ws.deals.insert({
        id: p.dealId,
        partnerId: pid(e),
        customer: p.customer,
        ...moneyAt(p.amount, e.occurredAt, ctx.rates),
        productLine: p.productLine,
        status: "submitted",
        registeredAt: e.occurredAt,
        expectedCloseDate: p.expectedCloseDate ? toDayString(p.expectedCloseDate) : null,
        statusChangedAt: e.occurredAt,
        wonAt: null,
      });
    },
  },
  "deal.status_changed": {
    want: (w, e) => w.deals.add(e.payload.dealId),
    project: (ctx, e) => {
      const p = e.payload;
      const deal = mustOwn(
        ctx.ws.deals.get(p.dealId),
        e.partnerId,
        "deal",
        p.dealId,
        "payload.dealId",
      );
      const from = deal.status as (typeof p)["to"];
      if (p.from !== undefined && p.from !== from) {
        fail("INVALID_TRANSITION", `deal ${p.dealId} is ${from}, not ${p.from}`, "payload.from");
      }
      if (!isLegalDealTransition(from, p.to)) {
        fail(
          "INVALID_TRANSITION",
          `deal ${p.dealId} cannot move from ${from} to ${p.to}`,
          "payload.to",
        );
      }
      ctx.ws.deals.update({
        ...deal,
        status: p.to,
        statusChangedAt: e.occurredAt,
        wonAt: p.to === "won" ? e.occurredAt : deal.wonAt,
      });
    },
  },
  "sale.recorded": {
    want: (w, e) => w.sales.add(e.payload.saleId),
    project: (ctx, e) => {
      const p = e.payload;
      mustBeNew(ctx.ws.sales.get(p.saleId), "sale", p.saleId, "payload.saleId");
      ctx.ws.sales.insert({
        id: p.saleId,
        partnerId: pid(e),
        ...moneyAt(p.amount, e.occurredAt, ctx.rates),
        productLine: p.productLine,
        sku: p.sku ?? null,
        quantity: p.quantity ?? null,
        dealId: p.dealId ?? null,
        soldAt: e.occurredAt,
      });
    },
  },
  "lead.created": {
    want: (w, e) => w.leads.add(e.payload.leadId),
    project: (ctx, e) => {
      const p = e.payload;
      mustBeNew(ctx.ws.leads.get(p.leadId), "lead", p.leadId, "payload.leadId");
      ctx.ws.leads.insert({
        id: p.leadId,
        partnerId: null,
        company: p.company,
        region: p.region,
        country: p.country ?? null,
        productLine: p.productLine ?? null,
        estimatedValueMinor: p.estimatedValue ? toMinor(p.estimatedValue) : null,
        currency: p.estimatedValue?.currency ?? null,
        status: "new",
        createdAt: e.occurredAt,
        assignedAt: null,
      });
    },
  },
  "lead.assigned": {
    want: (w, e) => w.leads.add(e.payload.leadId),
    project: (ctx, e) => {
      const lead = ctx.ws.leads.get(e.payload.leadId);
      if (!lead)
        fail(
          "ENTITY_NOT_FOUND",
          `lead ${JSON.stringify(e.payload.leadId)} not found`,
          "payload.leadId",
        );
      ctx.ws.leads.update({
        ...lead!,
        partnerId: pid(e),
        status: "assigned",
        assignedAt: e.occurredAt,
      });
    },
  },
  "lead.status_changed": {
    want: (w, e) => w.leads.add(e.payload.leadId),
    project: (ctx, e) => {
      const p = e.payload;
      const lead = mustOwn(
        ctx.ws.leads.get(p.leadId),
        e.partnerId,
        "lead",
        p.leadId,
        "payload.leadId",
      );
      ctx.ws.leads.update({ ...lead, status: p.to });
    },
  },
  "training.assigned": {
    want: (w, e) => w.trainings.add(e.payload.trainingId),
    project: (ctx, e) => {
      const p = e.payload;
      const old = ctx.ws.trainings.get(p.trainingId);
      if (old && old.partnerId !== e.partnerId)
        mustBeNew(old, "training", p.trainingId, "payload.trainingId");
      const row = {
        id: p.trainingId,
        partnerId: pid(e),
        course: p.course,
        status: old?.status ?? "assigned",
        assignedAt: e.occurredAt,
        dueDate: p.dueDate ? toDayString(p.dueDate) : null,
        completedAt: old?.completedAt ?? null,
        score: old?.score ?? null,
      };
      if (old) ctx.ws.trainings.update(row);
      else ctx.ws.trainings.insert(row);
    },
  },
  "training.completed": {
    want: (w, e) => w.trainings.add(e.payload.trainingId),
    project: (ctx, e) => {
      const p = e.payload;
      const old = ctx.ws.trainings.get(p.trainingId);
      if (old && old.partnerId !== e.partnerId)
        mustBeNew(old, "training", p.trainingId, "payload.trainingId");
      if (old?.status === "completed") {
        fail(
          "INVALID_TRANSITION",
          `training ${p.trainingId} is already completed`,
          "payload.trainingId",
        );
      }
      const row = {
        id: p.trainingId,
        partnerId: pid(e),
        course: p.course,
        status: "completed",
        assignedAt: old?.assignedAt ?? null,
        dueDate: old?.dueDate ?? null,
        completedAt: e.occurredAt,
        score: p.score === undefined ? null : (toHundredths(p.score) / 100).toFixed(2),
      };
      if (old) ctx.ws.trainings.update(row);
      else ctx.ws.trainings.insert(row);
    },
  },
  "certification.earned": {
    want: (w, e) => w.certifications.add(e.payload.certificationId),
    project: (ctx, e) => {
      const p = e.payload;
      const old = ctx.ws.certifications.get(p.certificationId);
      if (old && old.partnerId !== e.partnerId) {
        mustBeNew(old, "certification", p.certificationId, "payload.certificationId");
      }
      const row = {
        id: p.certificationId,
        partnerId: pid(e),
        name: p.name,
        earnedAt: e.occurredAt,
        expiresAt: p.expiresAt ? toInstant(p.expiresAt) : null,
        expiredAt: null,
      };
      if (old) ctx.ws.certifications.update(row);
      else ctx.ws.certifications.insert(row);
    },
  },
  "certification.expired": {
    want: (w, e) => w.certifications.add(e.payload.certificationId),
    project: (ctx, e) => {
      const id = e.payload.certificationId;
      const cert = mustOwn(
        ctx.ws.certifications.get(id),
        e.partnerId,
        "certification",
        id,
        "payload.certificationId",
      );
      if (cert.expiredAt)
        fail(
          "INVALID_TRANSITION",
          `certification ${id} has already expired`,
          "payload.certificationId",
        );
      ctx.ws.certifications.update({ ...cert, expiredAt: e.occurredAt });
    },
  },
  "document.submitted": {
    want: (w, e) => w.documents.add(e.payload.documentId),
    project: (ctx, e) => {
      const p = e.payload;
      mustBeNew(ctx.ws.documents.get(p.documentId), "document", p.documentId, "payload.documentId");
      ctx.ws.documents.insert({
        id: p.documentId,
        partnerId: pid(e),
        kind: p.kind,
        status: "submitted",
        submittedAt: e.occurredAt,
        validUntil: p.validUntil ? toInstant(p.validUntil) : null,
        reviewedAt: null,
      });
    },
  },
  "document.status_changed": {
    want: (w, e) => w.documents.add(e.payload.documentId),
    project: (ctx, e) => {
      const id = e.payload.documentId;
      const doc = mustOwn(
        ctx.ws.documents.get(id),
        e.partnerId,
        "document",
        id,
        "payload.documentId",
      );
      ctx.ws.documents.update({ ...doc, status: e.payload.to, reviewedAt: e.occurredAt });
    },
  },
  "license.issued": {
    want: (w, e) => w.licenses.add(e.payload.licenseId),
    project: (ctx, e) => {
      const p = e.payload;
      mustBeNew(ctx.ws.licenses.get(p.licenseId), "license", p.licenseId, "payload.licenseId");
      ctx.ws.licenses.insert({
        id: p.licenseId,
        partnerId: pid(e),
        product: p.product,
        issuedAt: e.occurredAt,
        expiresAt: toInstant(p.expiresAt),
        renewedAt: null,
      });
    },
  },
  "license.renewed": {
    want: (w, e) => w.licenses.add(e.payload.licenseId),
    project: (ctx, e) => {
      const id = e.payload.licenseId;
      const lic = mustOwn(ctx.ws.licenses.get(id), e.partnerId, "license", id, "payload.licenseId");
      ctx.ws.licenses.update({
        ...lic,
        expiresAt: toInstant(e.payload.expiresAt),
        renewedAt: e.occurredAt,
      });
    },
  },
  "inventory.updated": {
    want: (w, e) => addSet(w.inventory, pid(e), e.payload.sku),
    project: (ctx, e) => {
      const p = e.payload;
      const old = ctx.ws.inventory.get(pairKey(pid(e), p.sku));
      const row = {
        partnerId: pid(e),
        sku: p.sku,
        product: p.product ?? old?.product ?? null,
        level: p.level,
        threshold: p.threshold ?? old?.threshold ?? 0,
        targetLevel: p.targetLevel ?? old?.targetLevel ?? 0,
        caseSize: p.caseSize ?? old?.caseSize ?? 1,
        updatedAt: e.occurredAt,
      };
      if (old) ctx.ws.inventory.update(row);
      else ctx.ws.inventory.insert(row);
      const wasLow = old ? old.level < old.threshold : false;
      if (!wasLow && row.level < row.threshold) {
        ctx.derive({
          type: "inventory.low",
          partnerId: e.partnerId,
          occurredAt: e.occurredAt,
          idempotencyKey: `${e.idempotencyKey}:inventory.low`,
          causationRunId: e.causationRunId,
          causationDepth: e.causationDepth,
          payload: {
            sku: row.sku,
            level: row.level,
            threshold: row.threshold,
            targetLevel: row.targetLevel,
            caseSize: row.caseSize,
          },
        } satisfies PendingEvent<"inventory.low">);
      }
    },
  },
  "inventory.low": { want: none, project: none },
  "inventory.reordered": {
    want: none,
    project: (ctx, e) => {
      ctx.ws.reorders.insert({
        id: reorderId({ seq: 0, idempotencyKey: e.idempotencyKey }),
        partnerId: pid(e),
        sku: e.payload.sku,
        quantity: e.payload.quantity,
        createdAt: e.occurredAt,
      });
    },
  },
  "csat.recorded": {
    want: (w, e) => w.csat.add(e.payload.responseId),
    project: (ctx, e) => {
      const p = e.payload;
      mustBeNew(
        ctx.ws.csat.get(p.responseId),
        "satisfaction response",
        p.responseId,
        "payload.responseId",
      );
      ctx.ws.csat.insert({
        id: p.responseId,
        partnerId: pid(e),
        score: (toHundredths(p.score) / 100).toFixed(2),
        comment: p.comment ?? null,
        recordedAt: e.occurredAt,
      });
    },
  },
  "reward.issued": {
    want: (w, e) => w.rewards.add(e.payload.rewardId),
    project: (ctx, e) => {
      const p = e.payload;
      mustBeNew(ctx.ws.rewards.get(p.rewardId), "reward", p.rewardId, "payload.rewardId");
      ctx.ws.rewards.insert({
        id: p.rewardId,
        partnerId: pid(e),
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
      });
    },
  },
  "reward.status_changed": {
    want: (w, e) => w.rewards.add(e.payload.rewardId),
    project: (ctx, e) => {
      const id = e.payload.rewardId;
      const r = mustOwn(ctx.ws.rewards.get(id), e.partnerId, "reward", id, "payload.rewardId");
      ctx.ws.rewards.update({ ...r, status: e.payload.to, updatedAt: e.occurredAt });
    },
  },
  "task.created": {
    want: (w, e) => w.tasks.add(e.payload.taskId),
    project: (ctx, e) => {
      const p = e.payload;
      mustBeNew(ctx.ws.tasks.get(p.taskId), "task", p.taskId, "payload.taskId");
      ctx.ws.tasks.insert({
        id: p.taskId,
        partnerId: pid(e),
        title: p.title,
        assigneeUserId: p.assigneeUserId ?? null,
        team: p.team ?? null,
        status: "open",
        dueDate: p.dueDate ? toDayString(p.dueDate) : null,
        runId: e.causationRunId,
        createdAt: e.occurredAt,
        completedAt: null,
      });
    },
  },
  "task.completed": {
    want: (w, e) => w.tasks.add(e.payload.taskId),
    project: (ctx, e) => {
      const id = e.payload.taskId;
      const t = mustOwn(ctx.ws.tasks.get(id), e.partnerId, "task", id, "payload.taskId");
      if (t.status !== "open")
        fail("INVALID_TRANSITION", `task ${id} is ${t.status}, not open`, "payload.taskId");
      ctx.ws.tasks.update({ ...t, status: "done", completedAt: e.occurredAt });
    },
  },
  "enablement.granted": {
    want: (w, e) => addSet(w.grants, pid(e), e.payload.content),
    project: (ctx, e) => {
      // Granting again is a no-op: the first grant's date stands.
      if (ctx.ws.grants.get(pairKey(pid(e), e.payload.content))) return;
      ctx.ws.grants.insert({
        partnerId: pid(e),
        content: e.payload.content,
        grantedAt: e.occurredAt,
      });
    },
  },
};

/** Whether events of this type must name an existing partner. */
export const isPartnerScoped = (t: EventType): boolean => EVENT_TYPES[t].partnerScoped;
