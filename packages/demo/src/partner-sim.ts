import {
  fromMinor,
  CURRENCY_EXPONENTS,
  type CurrencyCode,
  type PartnerType,
  type Region,
  type Tier,
} from "@partnerflow/domain";
import { DAY, instantIn, isoDay } from "./calendar.ts";
import { simulateActivity } from "./partner-activity.ts";
import { quarterReview, renewals } from "./partner-lifecycle.ts";
import {
  chance,
  intBetween,
  logNormal,
  mixSeed,
  mulberry32,
  pick,
  weighted,
  type Rng,
} from "./prng.ts";
import type { Emitter } from "./record.ts";
import { accountManagerCount, accountManagerId, approxPerUsd } from "./reference-data.ts";
import {
  CERTIFICATIONS,
  COUNTRIES,
  COURSES,
  LICENSE_PRODUCTS,
  PERSON_FIRST,
  PERSON_LAST,
  REGION_WEIGHTS,
  SKUS,
  TYPE_WEIGHTS,
  companyName,
} from "./reference.ts";

export interface Slice {
  from: number;
  to: number;
  month: number;
}

interface Stock {
  sku: string;
  product: string;
  level: number;
  threshold: number;
  targetLevel: number;
  caseSize: number;
  burn: number;
}

/**
 * One partner's life: profile, onboarding, then month by month its sales, deals, leads,
 * enablement, compliance, licenses, stock and tier. Each partner has its own PRNG stream so
 * the history does not depend on how partners interleave.
 */
export class PartnerSim {
  readonly id: string;
  readonly rng: Rng;
  readonly region: Region;
  readonly country: string;
  readonly currency: CurrencyCode;
  readonly type: PartnerType;
  /** Activity multiplier: log-normal, so a few partners are large and most are small. */
  readonly size: number;
  readonly createdAt: number;
  readonly activeAt: number;
  status: "onboarding" | "active" | "suspended" | "terminated" = "onboarding";
  tier: Tier = "Registered";
  suspendedUntil = 0;
  /** When the last suspension ended: nothing of this month happens before it. */
  resumedAt = 0;
  /** Revenue in USD per quarter index (for tier placement and rebates). */
  readonly quarterUsd = new Map<number, number>();
  counters = { sale: 0, deal: 0, lead: 0, csat: 0, training: 0, cert: 0, doc: 0, reward: 0 };
  insuranceValidUntil = 0;
  licenses: { id: string; expiresAt: number }[] = [];
  certs: { id: string; expiresAt: number }[] = [];
  stock: Stock[] = [];
  goldGranted = false;

  constructor(
    readonly index: number,
    readonly totalPartners: number,
    readonly out: Emitter,
    start: number,
  ) {
    this.id = `p${String(index + 1).padStart(5, "0")}`;
    this.rng = mulberry32(mixSeed(out.seed, index, 0x9a27));
    const rng = this.rng;
    this.region = weighted(rng, REGION_WEIGHTS);
    const countries = COUNTRIES[this.region];
    const c =
      countries[
        pickIndex(
          rng,
          countries.map((x) => x.weight),
        )
      ] ?? countries[0];
    if (!c) throw new Error(`no countries for ${this.region}`);
    this.country = c.code;
    this.currency = c.currency;
    this.type = weighted(rng, TYPE_WEIGHTS);
    // The first few partners are the program's flagships; the rest is a log-normal tail.
    this.size = Math.min(80, logNormal(rng, -0.3, 1.05) * (index < 3 ? 12 : 1));
    const span = out.end - start;
    this.createdAt = chance(rng, 0.45)
      ? start + rng() * 30 * DAY
      : start + 30 * DAY + rng() * Math.max(0, span - 40 * DAY);
    this.activeAt = this.createdAt + intBetween(rng, 7, 45) * DAY;
  }

  key(what: string): string {
    return `demo:${this.out.seed}:${this.id}:${what}`;
  }

  emit(
    t: number,
    type: Parameters<Emitter["emit"]>[1],
    payload: Record<string, unknown>,
    what: string,
  ): void {
    this.out.emit(t, type, this.id, payload, this.key(what));
  }

  /** Local-currency money for a USD amount, rounded to the currency's minor unit. */
  money(usd: number): { amount: string; currency: CurrencyCode } {
    const exp = CURRENCY_EXPONENTS[this.currency];
    const minor = Math.max(1, Math.round(usd * approxPerUsd(this.currency) * 10 ** exp));
    return { amount: fromMinor(minor, this.currency), currency: this.currency };
  }

  /** Runs one month of this partner's life. */
  step(slice: Slice, quarter: number, isQuarterStart: boolean): void {
    if (this.createdAt >= slice.to) return;
    if (this.createdAt >= slice.from) this.onboard();
    if (this.status === "terminated") return;
    if (this.activeAt >= slice.from && this.activeAt < slice.to) {
      this.status = "active";
      this.emit(
        this.activeAt,
        "partner.status_changed",
        { from: "onboarding", to: "active", reason: "Onboarding complete" },
        "active",
      );
      this.issueLicenses(this.activeAt);
    }
    if (isQuarterStart && this.activeAt < slice.from) quarterReview(this, slice.from, quarter);
    renewals(this, slice);
    if (this.status === "suspended" && this.suspendedUntil < slice.to)
      this.endSuspension(slice.from);
    const from = Math.max(slice.from, this.activeAt, this.resumedAt);
    if (this.status !== "active" || from >= slice.to) return;
    simulateActivity(this, slice, from);
    if (chance(this.rng, 0.003)) this.suspend(instantIn(this.rng, from, slice.to, slice.month));
  }

  private onboard(): void {
    const rng = this.rng;
    const t = this.createdAt;
    const amCount = accountManagerCount(this.totalPartners, this.region);
    this.emit(
      t,
      "partner.created",
      {
        name: companyName(this.index, intBetween(rng, 0, 1000), intBetween(rng, 0, 1000)),
        tier: "Registered",
        region: this.region,
        country: this.country,
        type: this.type,
        status: "onboarding",
        accountManagerId: accountManagerId(this.region, intBetween(rng, 0, amCount - 1)),
        attributes: {
          currency: this.currency,
          employees: Math.round(5 + this.size * intBetween(rng, 5, 40)),
        },
      },
      "created",
    );
    const contacts = intBetween(rng, 1, 3);
    for (let i = 0; i < contacts; i++) {
      const first = pick(rng, PERSON_FIRST);
      const last = pick(rng, PERSON_LAST);
      this.emit(
        t + (i + 1) * 60_000,
        "contact.added",
        {
          contactId: `${this.id}-c${i + 1}`,
          name: `${first} ${last}`,
          email: `${first}.${last}.${i + 1}@${this.id}.example`.toLowerCase(),
          role: i === 0 ? "Owner" : pick(rng, ["Sales lead", "Technical lead", "Finance"]),
          primary: i === 0,
        },
        `contact-${i + 1}`,
      );
    }
    this.submitDocument(t + intBetween(rng, 1, 4) * DAY, "partner_agreement", undefined);
    this.submitDocument(t + intBetween(rng, 1, 6) * DAY, "insurance_certificate", 365);
    if (chance(rng, 0.6))
      this.submitDocument(t + intBetween(rng, 2, 10) * DAY, "tax_form", undefined);
    this.assignTraining(t + DAY, "Partner onboarding");
    if (chance(rng, 0.7)) this.assignTraining(t + 2 * DAY, pick(rng, COURSES));
    if (this.type === "distributor" || this.type === "dealer") {
      const n = intBetween(rng, 2, 3);
      for (let i = 0; i < n; i++) {
        const s = SKUS[(this.index + i) % SKUS.length] ?? SKUS[0];
        const caseSize = pick(rng, [6, 10, 12, 24]);
        const threshold = caseSize * intBetween(rng, 2, 5);
        this.stock.push({
          ...s,
          level: threshold * 3,
          threshold,
          targetLevel: threshold * 4,
          caseSize,
          burn: Math.max(1, Math.round(threshold * (0.2 + rng() * 0.5) * Math.sqrt(this.size))),
        });
      }
    }
  }

  submitDocument(t: number, kind: string, validDays: number | undefined): void {
    const rng = this.rng;
    const id = `${this.id}-doc${++this.counters.doc}`;
    const validUntil = validDays ? t + validDays * DAY : undefined;
    this.emit(
      t,
      "document.submitted",
      { documentId: id, kind, ...(validUntil ? { validUntil: isoDay(validUntil) } : {}) },
      `doc${this.counters.doc}`,
    );
    const rejected = chance(rng, 0.05);
    const review = t + intBetween(rng, 1, 7) * DAY;
    this.emit(
      review,
      "document.status_changed",
      {
        documentId: id,
        to: rejected ? "rejected" : "approved",
        ...(rejected ? { reason: "Illegible scan" } : {}),
      },
      `doc${this.counters.doc}-review`,
    );
    if (rejected) {
      this.submitDocument(review + intBetween(rng, 2, 9) * DAY, kind, validDays);
      return;
    }
    if (kind === "insurance_certificate" && validUntil) this.insuranceValidUntil = validUntil;
  }

  assignTraining(t: number, course: string): void {
    const rng = this.rng;
    const id = `${this.id}-tr${++this.counters.training}`;
    const due = t + 45 * DAY;
    this.emit(
      t,
      "training.assigned",
      { trainingId: id, course, dueDate: isoDay(due) },
      `tr${this.counters.training}`,
    );
    if (!chance(rng, 0.72)) return;
    const done = t + intBetween(rng, 3, 60) * DAY;
    this.emit(
      done,
      "training.completed",
      { trainingId: id, course, score: intBetween(rng, 60, 100) },
      `tr${this.counters.training}-done`,
    );
    if (chance(rng, 0.45)) this.earnCertification(done + intBetween(rng, 1, 10) * DAY);
  }

  earnCertification(t: number): void {
    const rng = this.rng;
    const id = `${this.id}-cert${++this.counters.cert}`;
    const expiresAt = t + (chance(rng, 0.3) ? 365 : 730) * DAY;
    this.emit(
      t,
      "certification.earned",
      {
        certificationId: id,
        name: pick(rng, CERTIFICATIONS),
        expiresAt: new Date(expiresAt).toISOString(),
      },
      `cert${this.counters.cert}`,
    );
    this.certs.push({ id, expiresAt });
  }

  private issueLicenses(t: number): void {
    if (!["reseller", "var", "integrator", "msp"].includes(this.type)) return;
    const n = intBetween(this.rng, 1, 2);
    for (let i = 0; i < n; i++) {
      const id = `${this.id}-lic${i + 1}`;
      const expiresAt = t + 365 * DAY;
      this.emit(
        t,
        "license.issued",
        {
          licenseId: id,
          product: LICENSE_PRODUCTS[i % LICENSE_PRODUCTS.length] ?? "Core platform resale",
          expiresAt: new Date(expiresAt).toISOString(),
        },
        `lic${i + 1}`,
      );
      this.licenses.push({ id, expiresAt });
    }
  }

  private suspend(t: number): void {
    this.status = "suspended";
    this.suspendedUntil = t + intBetween(this.rng, 20, 90) * DAY;
    this.emit(
      t,
      "partner.status_changed",
      { from: "active", to: "suspended", reason: "Compliance review" },
      `suspended-${isoDay(t)}`,
    );
  }

  private endSuspension(from: number): void {
    // The review may have ended inside the month it started; report it no earlier than now.
    const t = Math.max(from, this.suspendedUntil);
    const to = chance(this.rng, 0.25) ? "terminated" : "active";
    this.status = to;
    this.resumedAt = t;
    this.emit(
      t,
      "partner.status_changed",
      { from: "suspended", to, reason: to === "active" ? "Review cleared" : "Agreement ended" },
      `${to}-${isoDay(t)}`,
    );
  }
}

function pickIndex(rng: Rng, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let r = rng() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i] ?? 0;
    if (r < 0) return i;
  }
  return weights.length - 1;
}
