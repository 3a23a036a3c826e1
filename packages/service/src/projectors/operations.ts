import { reorderId, toDayString, toHundredths, type EventType } from "@partnerflow/domain";
import {
  fail,
  mustBeNew,
  mustOwn,
  pid,
  addSet,
  none,
  type PendingEvent,
  type Projectors,
} from "./shared.ts";
import { pairKey } from "../working-set.ts";

/** Inventory and reorders, satisfaction scores, tasks. */
export const operationsProjectors: Projectors<
  Extract<EventType, `inventory.${string}` | "csat.recorded" | `task.${string}`>
> = {
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
};
