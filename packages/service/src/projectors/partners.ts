import { mergeAttributes, type EventType } from "@partnerflow/domain";
import { fail, mustBeNew, pid, touchPartner, none, type Projectors } from "./shared.ts";

/** Partners and their contacts. */
export const partnerProjectors: Projectors<
  Extract<EventType, `partner.${string}` | "contact.added">
> = {
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
};
