import {
  DEAL_STATUSES,
  DOCUMENT_KINDS,
  DOCUMENT_STATUSES,
  LEAD_STATUSES,
  PARTNER_STATUSES,
  PARTNER_TYPES,
  PRODUCT_LINES,
  REGIONS,
  REWARD_KINDS,
  REWARD_STATUSES,
  TEAMS,
  TIERS,
} from "../enums.ts";
import { f, optional, payload, type EntityName, type FieldMeta } from "../fields.ts";
import { z } from "zod";

export interface AnyPayload {
  readonly schema: z.ZodObject;
  readonly fields: Readonly<Record<string, FieldMeta>>;
}

export interface EventTypeDef<P extends AnyPayload = AnyPayload> {
  readonly type: string;
  readonly label: string;
  readonly description: string;
  /** The entity the event is about; partner-scoped events carry a partnerId on the envelope. */
  readonly entity: EntityName;
  readonly partnerScoped: boolean;
  readonly payload: P;
}

function defineEvent<const T extends string, P extends AnyPayload>(def: {
  type: T;
  label: string;
  description: string;
  entity: EntityName;
  partnerScoped?: boolean;
  payload: P;
}) {
  return { partnerScoped: true, ...def } as const;
}

const partnerProfile = {
  name: f.text("Name", { max: 200 }),
  tier: f.enum("Tier", TIERS, true),
  region: f.enum("Region", REGIONS),
  country: f.text("Country", { max: 2 }),
  type: f.enum("Partner type", PARTNER_TYPES),
  status: f.enum("Status", PARTNER_STATUSES),
};

/**
 * Every domain event type. Payloads are strict zod objects; the same declaration gives the
 * field catalog that pickers and the type-checker read.
 */
export const EVENT_TYPES = {
  "partner.created": defineEvent({
    type: "partner.created",
    label: "Partner created",
    description: "A new partner joined the program.",
    entity: "partner",
    payload: payload({
      ...partnerProfile,
      accountManagerId: optional(f.id("Account manager", "user")),
      attributes: optional({
        schema: z.record(
          z.string().max(60),
          z.union([z.string().max(500), z.number(), z.boolean()]),
        ),
        meta: { type: "text", label: "Custom attributes" },
      }),
    }),
  }),
  "partner.updated": defineEvent({
    type: "partner.updated",
    label: "Partner profile updated",
    description: "Profile fields or custom attributes of a partner changed.",
    entity: "partner",
    payload: payload({
      name: optional(partnerProfile.name),
      region: optional(partnerProfile.region),
      country: optional(partnerProfile.country),
      type: optional(partnerProfile.type),
      attributes: optional({
        schema: z.record(
          z.string().max(60),
          z.union([z.string().max(500), z.number(), z.boolean(), z.null()]),
        ),
        meta: { type: "text", label: "Custom attributes" },
      }),
    }),
  }),
  "partner.tier_changed": defineEvent({
    type: "partner.tier_changed",
    label: "Tier changed",
    description: "A partner moved to another program tier.",
    entity: "partner",
    payload: payload({
      from: optional(partnerProfile.tier),
      to: partnerProfile.tier,
      reason: optional(f.text("Reason")),
    }),
  }),
  "partner.status_changed": defineEvent({
    type: "partner.status_changed",
    label: "Status changed",
    description: "A partner's status changed (onboarding, active, suspended…).",
    entity: "partner",
    payload: payload({
      from: optional(partnerProfile.status),
      to: partnerProfile.status,
      reason: optional(f.text("Reason")),
    }),
  }),
  "partner.account_manager_assigned": defineEvent({
    type: "partner.account_manager_assigned",
    label: "Account manager assigned",
    description: "A channel account manager was assigned to the partner.",
    entity: "partner",
    payload: payload({ userId: f.id("Account manager", "user") }),
  }),
  "partner.compliance_changed": defineEvent({
    type: "partner.compliance_changed",
    label: "Compliance changed",
    description: "A partner was flagged compliant or non-compliant.",
    entity: "partner",
    payload: payload({ compliant: f.boolean("Compliant"), reason: optional(f.text("Reason")) }),
  }),
  "contact.added": defineEvent({
    type: "contact.added",
    label: "Contact added",
    description: "A person at the partner was added as a contact.",
    entity: "contact",
    payload: payload({
      contactId: f.id("Contact", "contact"),
      name: f.text("Name", { max: 200 }),
      email: {
        schema: z.email("must be an email address"),
        meta: { type: "text", label: "Email" },
      },
      role: optional(f.text("Role", { max: 100 })),
      primary: optional(f.boolean("Primary contact")),
    }),
  }),
  "deal.registered": defineEvent({
    type: "deal.registered",
    label: "Deal registered",
    description: "The partner registered an opportunity.",
    entity: "deal",
    payload: payload({
      dealId: f.id("Deal", "deal"),
      customer: f.text("Customer", { max: 200 }),
      amount: f.money("Amount"),
      productLine: f.enum("Product line", PRODUCT_LINES),
      expectedCloseDate: optional(f.date("Expected close date")),
    }),
  }),
  "deal.status_changed": defineEvent({
    type: "deal.status_changed",
    label: "Deal status changed",
    description: "A deal registration was approved, rejected, won or lost.",
    entity: "deal",
    payload: payload({
      dealId: f.id("Deal", "deal"),
      from: optional(f.enum("From status", DEAL_STATUSES)),
      to: f.enum("Status", DEAL_STATUSES),
      reason: optional(f.text("Reason")),
    }),
  }),
  "sale.recorded": defineEvent({
    type: "sale.recorded",
    label: "Sale recorded",
    description: "Point-of-sale data: the partner sold a product.",
    entity: "sale",
    payload: payload({
      saleId: f.id("Sale", "sale"),
      amount: f.money("Amount"),
      productLine: f.enum("Product line", PRODUCT_LINES),
      sku: optional(f.text("SKU", { max: 60 })),
      quantity: optional(f.number("Quantity", { min: 0, int: true })),
      dealId: optional(f.id("Deal", "deal")),
    }),
  }),
  "lead.created": defineEvent({
    type: "lead.created",
    label: "Lead created",
    description: "A vendor-sourced lead arrived, ready to be routed to a partner.",
    entity: "lead",
    partnerScoped: false,
    payload: payload({
      leadId: f.id("Lead", "lead"),
      company: f.text("Company", { max: 200 }),
      region: f.enum("Region", REGIONS),
      country: optional(f.text("Country", { max: 2 })),
      productLine: optional(f.enum("Product line", PRODUCT_LINES)),
      estimatedValue: optional(f.money("Estimated value")),
    }),
  }),
  "lead.assigned": defineEvent({
    type: "lead.assigned",
    label: "Lead assigned",
    description: "A lead was routed to a partner.",
    entity: "lead",
    payload: payload({ leadId: f.id("Lead", "lead"), reason: optional(f.text("Reason")) }),
  }),
  "lead.status_changed": defineEvent({
    type: "lead.status_changed",
    label: "Lead status changed",
    description: "The partner accepted, declined, converted or lost a lead.",
    entity: "lead",
    payload: payload({ leadId: f.id("Lead", "lead"), to: f.enum("Status", LEAD_STATUSES) }),
  }),
  "training.assigned": defineEvent({
    type: "training.assigned",
    label: "Training assigned",
    description: "A course was assigned to the partner.",
    entity: "training",
    payload: payload({
      trainingId: f.id("Training", "training"),
      course: f.text("Course", { max: 120 }),
      dueDate: optional(f.date("Due date")),
    }),
  }),
  "training.completed": defineEvent({
    type: "training.completed",
    label: "Training completed",
    description: "The partner completed a course.",
    entity: "training",
    payload: payload({
      trainingId: f.id("Training", "training"),
      course: f.text("Course", { max: 120 }),
      score: optional(f.number("Score", { min: 0, max: 100 })),
    }),
  }),
  "certification.earned": defineEvent({
    type: "certification.earned",
    label: "Certification earned",
    description: "The partner earned a certification.",
    entity: "certification",
    payload: payload({
      certificationId: f.id("Certification", "certification"),
      name: f.text("Certification", { max: 120 }),
      expiresAt: optional(f.date("Expires at")),
    }),
  }),
  "certification.expired": defineEvent({
    type: "certification.expired",
    label: "Certification expired",
    description: "A certification of the partner lapsed.",
    entity: "certification",
    payload: payload({ certificationId: f.id("Certification", "certification") }),
  }),
  "document.submitted": defineEvent({
    type: "document.submitted",
    label: "Document submitted",
    description: "The partner submitted a compliance document.",
    entity: "document",
    payload: payload({
      documentId: f.id("Document", "document"),
      kind: f.enum("Document kind", DOCUMENT_KINDS),
      validUntil: optional(f.date("Valid until")),
    }),
  }),
  "document.status_changed": defineEvent({
    type: "document.status_changed",
    label: "Document reviewed",
    description: "A compliance document was approved, rejected or expired.",
    entity: "document",
    payload: payload({
      documentId: f.id("Document", "document"),
      to: f.enum("Status", DOCUMENT_STATUSES),
      reason: optional(f.text("Reason")),
    }),
  }),
  "license.issued": defineEvent({
    type: "license.issued",
    label: "License issued",
    description: "A license or resale authorisation was issued to the partner.",
    entity: "license",
    payload: payload({
      licenseId: f.id("License", "license"),
      product: f.text("Product", { max: 120 }),
      expiresAt: f.date("Expires at"),
    }),
  }),
  "license.renewed": defineEvent({
    type: "license.renewed",
    label: "License renewed",
    description: "A license was renewed to a new expiry date.",
    entity: "license",
    payload: payload({ licenseId: f.id("License", "license"), expiresAt: f.date("Expires at") }),
  }),
  "inventory.updated": defineEvent({
    type: "inventory.updated",
    label: "Inventory level reported",
    description: "A distributor reported its stock level of a product.",
    entity: "inventory",
    payload: payload({
      sku: f.text("SKU", { max: 60 }),
      product: optional(f.text("Product", { max: 120 })),
      level: f.number("Stock level", { min: 0, int: true }),
      threshold: optional(f.number("Reorder threshold", { min: 0, int: true })),
      targetLevel: optional(f.number("Target level", { min: 0, int: true })),
      caseSize: optional(f.number("Case size", { min: 1, int: true })),
    }),
  }),
  "inventory.low": defineEvent({
    type: "inventory.low",
    label: "Stock fell below threshold",
    description: "Recorded by Partnerflow when a reported stock level falls below its threshold.",
    entity: "inventory",
    payload: payload({
      sku: f.text("SKU", { max: 60 }),
      level: f.number("Stock level", { min: 0, int: true }),
      threshold: f.number("Reorder threshold", { min: 0, int: true }),
      targetLevel: f.number("Target level", { min: 0, int: true }),
      caseSize: f.number("Case size", { min: 1, int: true }),
    }),
  }),
  "inventory.reordered": defineEvent({
    type: "inventory.reordered",
    label: "Stock reordered",
    description: "A replenishment order was created for a distributor.",
    entity: "inventory",
    payload: payload({
      sku: f.text("SKU", { max: 60 }),
      quantity: f.number("Quantity", { min: 1, int: true }),
    }),
  }),
  "csat.recorded": defineEvent({
    type: "csat.recorded",
    label: "Satisfaction score recorded",
    description: "A customer rated the partner (1 to 5).",
    entity: "csat",
    payload: payload({
      responseId: f.id("Response", "csat"),
      score: f.number("Score", { min: 1, max: 5 }),
      comment: optional(f.text("Comment", { max: 2000 })),
    }),
  }),
  "reward.issued": defineEvent({
    type: "reward.issued",
    label: "Reward issued",
    description:
      "A bonus, commission, rebate, MDF allocation or points were recorded in the ledger.",
    entity: "reward",
    payload: payload({
      rewardId: f.id("Reward", "reward"),
      kind: f.enum("Reward kind", REWARD_KINDS),
      amount: optional(f.money("Amount")),
      points: optional(f.number("Points", { min: 0, int: true })),
      status: f.enum("Status", REWARD_STATUSES),
      reason: f.text("Reason", { max: 500 }),
      periodKey: optional(f.text("Period", { max: 20 })),
    }),
  }),
  "reward.status_changed": defineEvent({
    type: "reward.status_changed",
    label: "Reward status changed",
    description: "A ledger entry was approved, paid, declined or put on hold.",
    entity: "reward",
    payload: payload({
      rewardId: f.id("Reward", "reward"),
      to: f.enum("Status", REWARD_STATUSES),
      reason: optional(f.text("Reason")),
    }),
  }),
  "task.created": defineEvent({
    type: "task.created",
    label: "Task created",
    description: "A to-do for an account manager or a team.",
    entity: "task",
    payload: payload({
      taskId: f.id("Task", "task"),
      title: f.text("Title", { max: 300 }),
      assigneeUserId: optional(f.id("Assignee", "user")),
      team: optional(f.enum("Team", TEAMS)),
      dueDate: optional(f.date("Due date")),
    }),
  }),
  "task.completed": defineEvent({
    type: "task.completed",
    label: "Task completed",
    description: "A task was done.",
    entity: "task",
    payload: payload({ taskId: f.id("Task", "task") }),
  }),
  "enablement.granted": defineEvent({
    type: "enablement.granted",
    label: "Enablement access granted",
    description:
      "The partner got access to enablement content (price lists, courses, product lines).",
    entity: "partner",
    payload: payload({ content: f.text("Content", { max: 120 }) }),
  }),
} as const;

export type EventType = keyof typeof EVENT_TYPES;
export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as [EventType, ...EventType[]];
export type EventPayload<T extends EventType> = z.infer<
  (typeof EVENT_TYPES)[T]["payload"]["schema"]
>;

export function isEventType(t: string): t is EventType {
  return Object.hasOwn(EVENT_TYPES, t);
}

/** The field catalog of an event type's payload (for pickers and type-checking `event.*`). */
export function eventFields(t: EventType): Readonly<Record<string, FieldMeta>> {
  return EVENT_TYPES[t].payload.fields;
}
