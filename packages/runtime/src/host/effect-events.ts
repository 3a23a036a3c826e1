import { createHash } from "node:crypto";
import type { EventInput } from "@partnerflow/domain";
import type { Effect } from "@partnerflow/workflow";

/** A deterministic id for the record an effect creates: a retried step makes the same id. */
export function effectRecordId(prefix: string, idempotencyKey: string): string {
  return `${prefix}_${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 24)}`;
}

/**
 * The id of the record an effect's event creates, when the event carries it (a reward, a
 * task, a training): the effect's result. Other events are known by their seq.
 */
export function ownRecordId(input: EventInput): string | undefined {
  const p = input.payload as Record<string, unknown>;
  const id = p["rewardId"] ?? p["taskId"] ?? p["trainingId"];
  return typeof id === "string" ? id : undefined;
}

type Internal = Exclude<Effect, { kind: "email" | "webhook" | "notification" }>;

/**
 * The domain event that records an internal effect. Going through the event log keeps the
 * projections, the simulator's replay and the causation chain consistent. Null: the effect
 * has no event (a task for a team with no partner is written to the tasks table directly).
 */
export function eventForEffect(e: Internal): EventInput | null {
  const idempotencyKey = `wf:${e.idempotencyKey}`;
  switch (e.kind) {
    case "ledger_entry":
      return {
        type: "reward.issued",
        idempotencyKey,
        partnerId: e.partnerId,
        payload: {
          rewardId: effectRecordId("rwd", e.idempotencyKey),
          kind: e.rewardKind,
          ...(e.amount ? { amount: e.amount } : {}),
          ...(e.points !== undefined ? { points: e.points } : {}),
          status: e.status,
          reason: e.reason,
          ...(e.periodKey ? { periodKey: e.periodKey } : {}),
        },
      };
    case "set_tier":
      return {
        type: "partner.tier_changed",
        idempotencyKey,
        partnerId: e.partnerId,
        payload: { ...(e.from ? { from: e.from } : {}), to: e.to, reason: e.reason },
      };
    case "update_field":
      return updateFieldEvent(e, idempotencyKey);
    case "assign_lead":
      return {
        type: "lead.assigned",
        idempotencyKey,
        partnerId: e.partnerId,
        payload: { leadId: e.leadId, reason: e.reason },
      };
    case "assign_account_manager":
      return {
        type: "partner.account_manager_assigned",
        idempotencyKey,
        partnerId: e.partnerId,
        payload: { userId: e.userId },
      };
    case "create_task":
      if (!e.partnerId) return null;
      return {
        type: "task.created",
        idempotencyKey,
        partnerId: e.partnerId,
        payload: {
          taskId: effectRecordId("tsk", e.idempotencyKey),
          title: e.title,
          ...(e.assigneeUserId ? { assigneeUserId: e.assigneeUserId } : {}),
          ...(e.team ? { team: e.team } : {}),
          ...(e.dueDate ? { dueDate: e.dueDate } : {}),
        },
      };
    case "enablement":
      return e.action === "grant_access"
        ? {
            type: "enablement.granted",
            idempotencyKey,
            partnerId: e.partnerId,
            payload: { content: e.content },
          }
        : {
            type: "training.assigned",
            idempotencyKey,
            partnerId: e.partnerId,
            payload: {
              trainingId: effectRecordId("trn", e.idempotencyKey),
              course: e.content,
              ...(e.dueDate ? { dueDate: e.dueDate } : {}),
            },
          };
    case "deal_decision":
      return {
        type: "deal.status_changed",
        idempotencyKey,
        ...(e.partnerId ? { partnerId: e.partnerId } : {}),
        payload: { dealId: e.dealId, to: e.decision, reason: e.reason },
      };
    case "document_decision":
      return {
        type: "document.status_changed",
        idempotencyKey,
        ...(e.partnerId ? { partnerId: e.partnerId } : {}),
        payload: { documentId: e.documentId, to: e.decision, reason: e.reason },
      };
    case "reorder":
      return {
        type: "inventory.reordered",
        idempotencyKey,
        partnerId: e.partnerId,
        payload: { sku: e.sku, quantity: e.quantity },
      };
    default: {
      const never: never = e;
      return never;
    }
  }
}

function updateFieldEvent(
  e: Extract<Effect, { kind: "update_field" }>,
  idempotencyKey: string,
): EventInput {
  const base = { idempotencyKey, partnerId: e.partnerId };
  if (e.field === "compliant") {
    return {
      ...base,
      type: "partner.compliance_changed",
      payload: { compliant: e.value === true },
    };
  }
  if (e.field === "status") {
    return { ...base, type: "partner.status_changed", payload: { to: e.value } } as EventInput;
  }
  if (e.field.startsWith("attributes.")) {
    return {
      ...base,
      type: "partner.updated",
      payload: { attributes: { [e.field.slice("attributes.".length)]: e.value } },
    };
  }
  return { ...base, type: "partner.updated", payload: { [e.field]: e.value } };
}
