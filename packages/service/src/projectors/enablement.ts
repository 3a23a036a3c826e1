import { toDayString, toHundredths, toInstant, type EventType } from "@partnerflow/domain";
import { fail, mustBeNew, mustOwn, pid, addSet, type Projectors } from "./shared.ts";
import { pairKey } from "../working-set.ts";

/** Trainings, certifications and granted enablement content. */
export const enablementProjectors: Projectors<
  Extract<EventType, `training.${string}` | `certification.${string}` | "enablement.granted">
> = {
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
