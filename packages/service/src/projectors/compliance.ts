import { toInstant, type EventType } from "@partnerflow/domain";
import { mustBeNew, mustOwn, pid, type Projectors } from "./shared.ts";

/** Compliance documents and licenses. */
export const complianceProjectors: Projectors<
  Extract<EventType, `document.${string}` | `license.${string}`>
> = {
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
};
