import { z } from "zod";
import { CurrencyCode, DocumentKind, Money, REWARD_KINDS, Team, Tier } from "@partnerflow/domain";

/**
 * Every change a workflow can make to the world, as data. The interpreter never performs an
 * effect itself: it hands one of these to `host.apply`. The live host writes internal effects
 * (ledger, tier, assignment, task…) in the run's transaction and external ones (email,
 * webhook) to an outbox; the simulation host applies them to an in-memory overlay.
 *
 * `idempotencyKey` is `${runId}:${nodeId}:${visit}`: stable across retries of the same step.
 */
const base = {
  idempotencyKey: z.string().min(1).max(300),
  /** The node that produced the effect (for traces and per-node counts). */
  nodeId: z.string().min(1),
};

const JsonScalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const LedgerEntryEffect = z.strictObject({
  ...base,
  kind: z.literal("ledger_entry"),
  partnerId: z.string(),
  rewardKind: z.enum(REWARD_KINDS),
  /** Money rewards; absent for points. */
  amount: Money.optional(),
  points: z.number().int().nonnegative().optional(),
  status: z.enum(["pending", "approved"]),
  reason: z.string().max(500),
  /** Calendar period the reward counts against ("2026-Q2"), when capped or once per period. */
  periodKey: z.string().optional(),
  /** Cap bookkeeping: the host adds `usage` (in the cap's currency) to `key`'s running total. */
  cap: z.strictObject({ key: z.string(), usage: z.string(), currency: CurrencyCode }).optional(),
});

export const SetTierEffect = z.strictObject({
  ...base,
  kind: z.literal("set_tier"),
  partnerId: z.string(),
  from: Tier.nullable(),
  to: Tier,
  reason: z.string().max(500),
});

export const UpdateFieldEffect = z.strictObject({
  ...base,
  kind: z.literal("update_field"),
  partnerId: z.string(),
  /** A partner field ("compliant", "status") or a custom attribute ("attributes.segment"). */
  field: z.string(),
  value: JsonScalar,
});

export const AssignLeadEffect = z.strictObject({
  ...base,
  kind: z.literal("assign_lead"),
  leadId: z.string(),
  partnerId: z.string(),
  reason: z.string().max(500),
});

export const AssignAccountManagerEffect = z.strictObject({
  ...base,
  kind: z.literal("assign_account_manager"),
  partnerId: z.string(),
  userId: z.string(),
});

export const CreateTaskEffect = z.strictObject({
  ...base,
  kind: z.literal("create_task"),
  title: z.string().max(300),
  partnerId: z.string().nullable(),
  assigneeUserId: z.string().nullable(),
  team: Team.nullable(),
  dueDate: z.string().nullable(),
});

export const EnablementEffect = z.strictObject({
  ...base,
  kind: z.literal("enablement"),
  partnerId: z.string(),
  /** grant content access, or assign a training course. */
  action: z.enum(["grant_access", "assign_training"]),
  content: z.string().max(120),
  dueDate: z.string().nullable(),
});

export const DealDecisionEffect = z.strictObject({
  ...base,
  kind: z.literal("deal_decision"),
  dealId: z.string(),
  partnerId: z.string().nullable(),
  decision: z.enum(["approved", "rejected"]),
  reason: z.string().max(500),
});

export const DocumentDecisionEffect = z.strictObject({
  ...base,
  kind: z.literal("document_decision"),
  documentId: z.string(),
  partnerId: z.string().nullable(),
  kindOfDocument: DocumentKind.nullable(),
  decision: z.enum(["approved", "rejected"]),
  reason: z.string().max(500),
});

export const ReorderEffect = z.strictObject({
  ...base,
  kind: z.literal("reorder"),
  partnerId: z.string(),
  sku: z.string(),
  quantity: z.number().int().positive(),
});

export const Recipient = z.enum(["partner", "account_manager", "channel_team", "compliance_team"]);
export type Recipient = z.infer<typeof Recipient>;

export const EmailEffect = z.strictObject({
  ...base,
  kind: z.literal("email"),
  partnerId: z.string().nullable(),
  to: Recipient,
  template: z.string().max(120),
  subject: z.string().max(300),
  body: z.string().max(20_000),
});

export const NotificationEffect = z.strictObject({
  ...base,
  kind: z.literal("notification"),
  partnerId: z.string().nullable(),
  to: Recipient,
  message: z.string().max(2_000),
});

export const WebhookEffect = z.strictObject({
  ...base,
  kind: z.literal("webhook"),
  url: z.url(),
  method: z.enum(["POST", "PUT"]),
  body: z.string().max(65_536),
});

/** The union of every effect, discriminated by `kind`. */
export const Effect = z.discriminatedUnion("kind", [
  LedgerEntryEffect,
  SetTierEffect,
  UpdateFieldEffect,
  AssignLeadEffect,
  AssignAccountManagerEffect,
  CreateTaskEffect,
  EnablementEffect,
  DealDecisionEffect,
  DocumentDecisionEffect,
  ReorderEffect,
  EmailEffect,
  NotificationEffect,
  WebhookEffect,
]);
export type Effect = z.infer<typeof Effect>;
export type EffectKind = Effect["kind"];

/** Effects the live host delivers through the outbox (at-least-once, with the idempotency key). */
export const EXTERNAL_EFFECT_KINDS = ["email", "webhook"] as const satisfies readonly EffectKind[];

/** What `apply` answers: the ids it created (task id, reward id) for the trace. */
export const EffectResult = z.strictObject({ ids: z.array(z.string()).optional() });
export type EffectResult = z.infer<typeof EffectResult>;
