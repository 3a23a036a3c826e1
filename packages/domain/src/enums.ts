import { z } from "zod";

/** Program levels, lowest first: the order is used by "tier is below Gold" comparisons. */
export const TIERS = ["Registered", "Silver", "Gold", "Platinum"] as const;
export const Tier = z.enum(TIERS);
export type Tier = z.infer<typeof Tier>;
export const tierRank = (t: Tier): number => TIERS.indexOf(t);

export const REGIONS = ["NA", "LATAM", "EMEA", "APAC"] as const;
export const Region = z.enum(REGIONS);
export type Region = z.infer<typeof Region>;

export const PARTNER_TYPES = [
  "reseller",
  "var",
  "distributor",
  "dealer",
  "integrator",
  "msp",
  "affiliate",
  "referral",
] as const;
export const PartnerType = z.enum(PARTNER_TYPES);
export type PartnerType = z.infer<typeof PartnerType>;

export const PARTNER_STATUSES = [
  "prospect",
  "onboarding",
  "active",
  "suspended",
  "terminated",
] as const;
export const PartnerStatus = z.enum(PARTNER_STATUSES);
export type PartnerStatus = z.infer<typeof PartnerStatus>;

export const DEAL_STATUSES = ["submitted", "approved", "rejected", "won", "lost"] as const;
export const DealStatus = z.enum(DEAL_STATUSES);
export type DealStatus = z.infer<typeof DealStatus>;

export const LEAD_STATUSES = [
  "new",
  "assigned",
  "accepted",
  "declined",
  "converted",
  "lost",
] as const;
export const LeadStatus = z.enum(LEAD_STATUSES);
export type LeadStatus = z.infer<typeof LeadStatus>;

export const PRODUCT_LINES = ["core", "premium", "cloud", "services", "hardware"] as const;
export const ProductLine = z.enum(PRODUCT_LINES);
export type ProductLine = z.infer<typeof ProductLine>;

export const DOCUMENT_KINDS = [
  "insurance_certificate",
  "partner_agreement",
  "tax_form",
  "code_of_conduct",
] as const;
export const DocumentKind = z.enum(DOCUMENT_KINDS);
export type DocumentKind = z.infer<typeof DocumentKind>;
/** Documents every active partner must hold valid to be compliant. */
export const REQUIRED_DOCUMENT_KINDS: readonly DocumentKind[] = [
  "insurance_certificate",
  "partner_agreement",
];

export const DOCUMENT_STATUSES = ["submitted", "approved", "rejected", "expired"] as const;
export const DocumentStatus = z.enum(DOCUMENT_STATUSES);

export const TRAINING_STATUSES = ["assigned", "completed"] as const;
export const TrainingStatus = z.enum(TRAINING_STATUSES);

export const REWARD_KINDS = [
  "cash_bonus",
  "commission",
  "rebate",
  "mdf",
  "points",
  "discount",
] as const;
export const RewardKind = z.enum(REWARD_KINDS);
export type RewardKind = z.infer<typeof RewardKind>;

export const REWARD_STATUSES = ["pending", "approved", "paid", "declined", "on_hold"] as const;
export const RewardStatus = z.enum(REWARD_STATUSES);
export type RewardStatus = z.infer<typeof RewardStatus>;

export const TASK_STATUSES = ["open", "done", "cancelled"] as const;
export const TaskStatus = z.enum(TASK_STATUSES);

export const TEAMS = ["channel", "compliance", "finance", "enablement"] as const;
export const Team = z.enum(TEAMS);
export type Team = z.infer<typeof Team>;

export const USER_ROLES = ["account_manager", "channel_manager", "admin", "compliance"] as const;
export const UserRole = z.enum(USER_ROLES);
