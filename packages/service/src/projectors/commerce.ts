import {
  isLegalDealTransition,
  moneyAt,
  toDayString,
  toMinor,
  type EventType,
} from "@partnerflow/domain";
import { fail, mustBeNew, mustOwn, pid, type Projectors } from "./shared.ts";

/** Deal registrations, leads and sales. */
export const commerceProjectors: Projectors<
  Extract<EventType, `deal.${string}` | `lead.${string}` | "sale.recorded">
> = {
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
};
