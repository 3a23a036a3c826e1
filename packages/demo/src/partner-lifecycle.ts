import type { Tier } from "@partnerflow/domain";
import { DAY, isoDay } from "./calendar.ts";
import type { PartnerSim, Slice } from "./partner-sim.ts";
import { chance, intBetween } from "./prng.ts";

const TIER_USD: readonly [Tier, number][] = [
  ["Platinum", 500_000],
  ["Gold", 120_000],
  ["Silver", 25_000],
  ["Registered", 0],
];
const TIERS_ORDER: readonly Tier[] = ["Registered", "Silver", "Gold", "Platinum"];

/** Yearly renewals and lapses that fall in this month: insurance, licenses, certifications. */
export function renewals(p: PartnerSim, slice: Slice): void {
  const rng = p.rng;
  const ins = p.insuranceValidUntil;
  if (ins >= slice.from && ins < slice.to && p.status !== "terminated") {
    if (chance(rng, 0.85)) {
      p.submitDocument(
        Math.max(slice.from, ins - intBetween(rng, 5, 25) * DAY),
        "insurance_certificate",
        365,
      );
    } else {
      p.emit(
        ins,
        "partner.compliance_changed",
        { compliant: false, reason: "Insurance certificate expired" },
        `noncompliant-${isoDay(ins)}`,
      );
      const late = ins + intBetween(rng, 20, 80) * DAY;
      p.submitDocument(late, "insurance_certificate", 365);
      p.emit(
        late + 8 * DAY,
        "partner.compliance_changed",
        { compliant: true, reason: "Insurance certificate renewed" },
        `compliant-${isoDay(late)}`,
      );
    }
  }
  for (const lic of p.licenses) {
    if (lic.expiresAt < slice.from || lic.expiresAt >= slice.to || !chance(rng, 0.8)) continue;
    const renewedAt = Math.max(slice.from, lic.expiresAt - intBetween(rng, 3, 20) * DAY);
    lic.expiresAt += 365 * DAY;
    p.emit(
      renewedAt,
      "license.renewed",
      { licenseId: lic.id, expiresAt: new Date(lic.expiresAt).toISOString() },
      `${lic.id}-renew-${isoDay(renewedAt)}`,
    );
  }
  const current = p.certs;
  p.certs = [];
  for (const cert of current) {
    if (cert.expiresAt >= slice.to) {
      p.certs.push(cert);
      continue;
    }
    p.emit(
      cert.expiresAt,
      "certification.expired",
      { certificationId: cert.id },
      `${cert.id.slice(p.id.length + 1)}-expired`,
    );
    if (chance(rng, 0.5))
      p.earnCertification(Math.max(slice.from, cert.expiresAt - intBetween(rng, 1, 30) * DAY));
  }
}

/** Quarterly tier placement on trailing-year revenue, with a rebate for Gold and up. */
export function quarterReview(p: PartnerSim, t: number, quarter: number): void {
  let trailing = 0;
  for (let q = quarter - 4; q < quarter; q++) trailing += p.quarterUsd.get(q) ?? 0;
  let target = TIER_USD.find(([, min]) => trailing >= min)?.[0] ?? "Registered";
  // Downgrades wait for a second quiet quarter (grace period), upgrades are immediate.
  if (TIERS_ORDER.indexOf(target) < TIERS_ORDER.indexOf(p.tier) && chance(p.rng, 0.5))
    target = p.tier;
  const at = t + DAY + 2 * 3_600_000;
  if (target !== p.tier) {
    p.emit(
      at,
      "partner.tier_changed",
      { from: p.tier, to: target, reason: `Trailing revenue USD ${Math.round(trailing)}` },
      `tier-q${quarter}`,
    );
    p.tier = target;
    if ((target === "Gold" || target === "Platinum") && !p.goldGranted) {
      p.goldGranted = true;
      p.emit(at + 3_600_000, "enablement.granted", { content: "Gold price list" }, "enable-gold");
    }
  }
  const last = p.quarterUsd.get(quarter - 1) ?? 0;
  if ((p.tier === "Gold" || p.tier === "Platinum") && last > 0) {
    const id = `${p.id}-rw${++p.counters.reward}`;
    const rate = p.tier === "Platinum" ? 0.03 : 0.02;
    p.emit(
      at + 7_200_000,
      "reward.issued",
      {
        rewardId: id,
        kind: "rebate",
        amount: p.money(last * rate),
        status: "pending",
        reason: `Quarterly volume rebate ${rate * 100}%`,
        periodKey: `${Math.floor((quarter - 1) / 4)}-Q${((quarter - 1) % 4) + 1}`,
      },
      `rw${p.counters.reward}`,
    );
    p.emit(
      at + 10 * DAY,
      "reward.status_changed",
      { rewardId: id, to: "approved" },
      `rw${p.counters.reward}-approved`,
    );
    p.emit(
      at + 40 * DAY,
      "reward.status_changed",
      { rewardId: id, to: "paid" },
      `rw${p.counters.reward}-paid`,
    );
  }
}
