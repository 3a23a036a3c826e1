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
  TASK_STATUSES,
  TEAMS,
  TIERS,
  TRAINING_STATUSES,
  USER_ROLES,
} from "./enums.ts";
import type { EntityName, FieldMeta } from "./fields.ts";

export interface EntityDef {
  readonly label: string;
  readonly plural: string;
  readonly fields: Readonly<Record<string, FieldMeta>>;
}

const text = (label: string, ref?: EntityName): FieldMeta => ({
  type: "text",
  label,
  ...(ref ? { ref } : {}),
});
const en = (label: string, options: readonly string[], ordered = false): FieldMeta => ({
  type: "enum",
  label,
  options,
  ...(ordered ? { ordered } : {}),
});
const date = (label: string): FieldMeta => ({ type: "date", label });
const money = (label: string): FieldMeta => ({ type: "money", label });
const num = (label: string): FieldMeta => ({ type: "number", label });
const bool = (label: string): FieldMeta => ({ type: "boolean", label });

/** The entities of the partner domain and the fields workflows may read. */
export const ENTITIES = {
  partner: {
    label: "Partner",
    plural: "Partners",
    fields: {
      id: text("Partner id"),
      name: text("Name"),
      tier: en("Tier", TIERS, true),
      region: en("Region", REGIONS),
      country: text("Country"),
      type: en("Partner type", PARTNER_TYPES),
      status: en("Status", PARTNER_STATUSES),
      accountManagerId: { ...text("Account manager", "user"), optional: true },
      compliant: bool("Compliant"),
      createdAt: date("Joined on"),
    },
  },
  contact: {
    label: "Contact",
    plural: "Contacts",
    fields: {
      id: text("Contact id"),
      name: text("Name"),
      email: text("Email"),
      role: text("Role"),
      primary: bool("Primary contact"),
    },
  },
  user: {
    label: "User",
    plural: "Users",
    fields: {
      id: text("User id"),
      name: text("Name"),
      email: text("Email"),
      role: en("Role", USER_ROLES),
      region: en("Region", REGIONS),
    },
  },
  deal: {
    label: "Deal registration",
    plural: "Deal registrations",
    fields: {
      id: text("Deal id"),
      customer: text("Customer"),
      amount: money("Amount"),
      productLine: en("Product line", PRODUCT_LINES),
      status: en("Status", DEAL_STATUSES),
      registeredAt: date("Registered on"),
      expectedCloseDate: date("Expected close date"),
    },
  },
  lead: {
    label: "Lead",
    plural: "Leads",
    fields: {
      id: text("Lead id"),
      company: text("Company"),
      region: en("Region", REGIONS),
      country: text("Country"),
      productLine: en("Product line", PRODUCT_LINES),
      status: en("Status", LEAD_STATUSES),
      partnerId: text("Assigned partner", "partner"),
    },
  },
  sale: {
    label: "Sale",
    plural: "Sales",
    fields: {
      id: text("Sale id"),
      amount: money("Amount"),
      productLine: en("Product line", PRODUCT_LINES),
      soldAt: date("Sold on"),
      quantity: num("Quantity"),
    },
  },
  training: {
    label: "Training",
    plural: "Trainings",
    fields: {
      id: text("Training id"),
      course: text("Course"),
      status: en("Status", TRAINING_STATUSES),
      dueDate: date("Due date"),
      completedAt: date("Completed on"),
    },
  },
  certification: {
    label: "Certification",
    plural: "Certifications",
    fields: {
      id: text("Certification id"),
      name: text("Certification"),
      earnedAt: date("Earned on"),
      expiresAt: date("Expires on"),
    },
  },
  document: {
    label: "Compliance document",
    plural: "Compliance documents",
    fields: {
      id: text("Document id"),
      kind: en("Kind", DOCUMENT_KINDS),
      status: en("Status", DOCUMENT_STATUSES),
      validUntil: date("Valid until"),
    },
  },
  license: {
    label: "License",
    plural: "Licenses",
    fields: {
      id: text("License id"),
      product: text("Product"),
      expiresAt: date("Expires on"),
      renewedAt: date("Renewed on"),
    },
  },
  inventory: {
    label: "Inventory level",
    plural: "Inventory levels",
    fields: {
      sku: text("SKU"),
      product: text("Product"),
      level: num("Stock level"),
      threshold: num("Reorder threshold"),
      targetLevel: num("Target level"),
      caseSize: num("Case size"),
    },
  },
  csat: {
    label: "Satisfaction score",
    plural: "Satisfaction scores",
    fields: { id: text("Response id"), score: num("Score"), recordedAt: date("Recorded on") },
  },
  reward: {
    label: "Reward",
    plural: "Rewards",
    fields: {
      id: text("Reward id"),
      kind: en("Kind", REWARD_KINDS),
      amount: money("Amount"),
      points: num("Points"),
      status: en("Status", REWARD_STATUSES),
      reason: text("Reason"),
    },
  },
  task: {
    label: "Task",
    plural: "Tasks",
    fields: {
      id: text("Task id"),
      title: text("Title"),
      team: en("Team", TEAMS),
      status: en("Status", TASK_STATUSES),
      dueDate: date("Due date"),
    },
  },
} as const satisfies Record<EntityName, EntityDef>;
