import { toMinor, type EventType } from "@partnerflow/domain";
import { mustBeNew, mustOwn, pid, type Projectors } from "./shared.ts";

/** The reward ledger. */
export const rewardProjectors: Projectors<Extract<EventType, `reward.${string}`>> = {
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
};
