import type {
  DealStatus,
  DocumentKind,
  LeadStatus,
  PartnerStatus,
  PartnerType,
  ProductLine,
  Region,
  RewardKind,
  RewardStatus,
  Team,
  Tier,
} from "../enums.ts";
import type { CurrencyCode } from "../money.ts";

/**
 * Plain data only (no Maps, no classes) so a state deep-equals across the two ways it is
 * built (log replay and projection tables) and serializes as JSON for traces.
 * Dates are `Date`s; calendar days (due dates, expected close) are "YYYY-MM-DD" strings.
 */
export interface DealState {
  id: string;
  customer: string;
  amountMinor: number;
  currency: CurrencyCode;
  /** In the reporting currency at the registration day's rate. */
  amountReportingMinor: number;
  productLine: ProductLine;
  status: DealStatus;
  registeredAt: Date;
  expectedCloseDate: string | null;
  statusChangedAt: Date;
  wonAt: Date | null;
}

/** A lead currently assigned to this partner (reassigned leads leave the state). */
export interface LeadState {
  id: string;
  status: LeadStatus;
  assignedAt: Date;
}

export interface TrainingState {
  id: string;
  course: string;
  status: "assigned" | "completed";
  assignedAt: Date | null;
  dueDate: string | null;
  completedAt: Date | null;
  /** Rounded to 2 decimals, as stored. */
  score: number | null;
}

export interface CertificationState {
  id: string;
  name: string;
  earnedAt: Date;
  expiresAt: Date | null;
  /** Set by certification.expired; cleared when earned again. */
  expiredAt: Date | null;
}

export interface DocumentState {
  id: string;
  kind: DocumentKind;
  status: "submitted" | "approved" | "rejected" | "expired";
  submittedAt: Date;
  validUntil: Date | null;
  reviewedAt: Date | null;
}

export interface LicenseState {
  id: string;
  product: string;
  issuedAt: Date;
  expiresAt: Date;
  renewedAt: Date | null;
}

export interface InventoryState {
  sku: string;
  product: string | null;
  level: number;
  threshold: number;
  targetLevel: number;
  caseSize: number;
  updatedAt: Date;
}

export interface ReorderState {
  /** `reorder:<seq>` of the inventory.reordered event, so log and tables agree. */
  id: string;
  sku: string;
  quantity: number;
  createdAt: Date;
}

export interface RewardState {
  id: string;
  kind: RewardKind;
  amountMinor: number | null;
  currency: CurrencyCode | null;
  points: number | null;
  status: RewardStatus;
  reason: string;
  periodKey: string | null;
  runId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface TaskState {
  id: string;
  title: string;
  assigneeUserId: string | null;
  team: Team | null;
  status: "open" | "done" | "cancelled";
  dueDate: string | null;
  runId: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

export interface ContactState {
  id: string;
  name: string;
  email: string;
  role: string | null;
  primary: boolean;
  createdAt: Date;
}

/** All-time sales totals; windowed sums come from MetricAccumulator. */
export interface SalesTotals {
  count: number;
  amountReportingMinor: number;
  byProductLine: Partial<Record<ProductLine, { count: number; amountReportingMinor: number }>>;
}

/** All-time satisfaction totals; scores are kept in hundredths so sums are exact. */
export interface CsatTotals {
  count: number;
  scoreHundredthsSum: number;
}

/** One partner's current state: its profile (the catalog's partner fields) and collections. */
export interface PartnerState {
  id: string;
  /** False until partner.created has been applied. */
  exists: boolean;
  name: string;
  tier: Tier;
  region: Region;
  country: string;
  type: PartnerType;
  status: PartnerStatus;
  accountManagerId: string | null;
  compliant: boolean;
  createdAt: Date | null;
  attributes: Record<string, string | number | boolean>;
  deals: Record<string, DealState>;
  leads: Record<string, LeadState>;
  trainings: Record<string, TrainingState>;
  certifications: Record<string, CertificationState>;
  documents: Record<string, DocumentState>;
  licenses: Record<string, LicenseState>;
  inventory: Record<string, InventoryState>;
  reorders: Record<string, ReorderState>;
  rewards: Record<string, RewardState>;
  tasks: Record<string, TaskState>;
  contacts: Record<string, ContactState>;
  /** content → granted at. */
  enablement: Record<string, Date>;
  sales: SalesTotals;
  csat: CsatTotals;
}

/** A partner that has not been created yet. */
export function emptyPartnerState(id: string): PartnerState {
  return {
    id,
    exists: false,
    name: "",
    tier: "Registered",
    region: "NA",
    country: "",
    type: "reseller",
    status: "prospect",
    accountManagerId: null,
    compliant: true,
    createdAt: null,
    attributes: {},
    deals: {},
    leads: {},
    trainings: {},
    certifications: {},
    documents: {},
    licenses: {},
    inventory: {},
    reorders: {},
    rewards: {},
    tasks: {},
    contacts: {},
    enablement: {},
    sales: { count: 0, amountReportingMinor: 0, byProductLine: {} },
    csat: { count: 0, scoreHundredthsSum: 0 },
  };
}
