import { Effect } from "@partnerflow/workflow";
import { formatNumber, formatPayloadMoney, humanize } from "../../shared/format.ts";

/**
 * One line per effect a step applied, in the words of the program: "Reward: Cash bonus
 * $50.00 (approved) — welcome". An effect this version of the app does not know still shows
 * its kind.
 */
export function describeEffect(raw: Record<string, unknown>): string {
  const parsed = Effect.safeParse(raw);
  if (!parsed.success) return humanize(typeof raw.kind === "string" ? raw.kind : "effect");
  const e = parsed.data;
  switch (e.kind) {
    case "ledger_entry": {
      const value = e.amount
        ? (formatPayloadMoney(e.amount) ?? `${e.amount.amount} ${e.amount.currency}`)
        : `${formatNumber(e.points ?? 0)} pts`;
      return `Reward: ${humanize(e.rewardKind)} ${value} (${e.status}) — ${e.reason}`;
    }
    case "set_tier":
      return `Tier: ${e.from ?? "none"} → ${e.to} — ${e.reason}`;
    case "update_field":
      return `Field ${e.field} set to ${JSON.stringify(e.value)}`;
    case "assign_lead":
      return `Lead ${e.leadId} assigned — ${e.reason}`;
    case "assign_account_manager":
      return `Account manager assigned: ${e.userId}`;
    case "create_task":
      return `Task: ${e.title}${e.dueDate ? ` (due ${e.dueDate})` : ""}`;
    case "enablement":
      return `${e.action === "grant_access" ? "Access granted" : "Training assigned"}: ${e.content}`;
    case "deal_decision":
      return `Deal ${e.dealId} ${e.decision} — ${e.reason}`;
    case "document_decision":
      return `Document ${e.documentId} ${e.decision} — ${e.reason}`;
    case "reorder":
      return `Reorder: ${e.quantity} × ${e.sku}`;
    case "email":
      return `Email to ${humanize(e.to).toLowerCase()}: “${e.subject}”`;
    case "notification":
      return `Notification to ${humanize(e.to).toLowerCase()}: ${e.message}`;
    case "webhook":
      return `Webhook ${e.method} ${e.url}`;
    default: {
      const never: never = e;
      return String(never);
    }
  }
}
