import { instantIn, monthWeight, quarterIndex, DAY, isoDay } from "./calendar.ts";
import type { PartnerSim, Slice } from "./partner-sim.ts";
import { chance, intBetween, logNormal, pick, poisson, weighted } from "./prng.ts";
import { COURSES, PRODUCT_MEDIAN_USD, PRODUCT_WEIGHTS } from "./reference.ts";

const HOUR = 3_600_000;
const CUSTOMERS = [
  "Contoso",
  "Fabrikam",
  "Globex",
  "Initech",
  "Umbrella",
  "Hooli",
  "Stark",
  "Wayne",
  "Tyrell",
  "Soylent",
];
const CSAT_WEIGHTS = { "5": 40, "4": 32, "3": 15, "2": 8, "1": 5 } as const;

/** The month's business of an active partner: sales, deals, leads, CSAT, courses, stock. */
export function simulateActivity(p: PartnerSim, slice: Slice, from: number): void {
  const rng = p.rng;
  const to = slice.to;
  // Share of a 30-day month the partner was active in, times the season.
  const load = ((to - from) / (30 * DAY)) * monthWeight(slice.month);
  const at = (): number => instantIn(rng, from, to, slice.month);

  const sales = poisson(rng, 0.45 * p.size * load);
  for (let i = 0; i < sales; i++) recordSale(p, at(), undefined, undefined);

  const deals = poisson(rng, 0.1 * Math.pow(p.size, 0.8) * load);
  for (let i = 0; i < deals; i++) registerDeal(p, at());

  const leads = poisson(rng, 0.1 * Math.sqrt(p.size) * load);
  for (let i = 0; i < leads; i++) routeLead(p, at());

  const csat = poisson(rng, 0.12 * Math.sqrt(p.size) * load);
  for (let i = 0; i < csat; i++) {
    const id = `${p.id}-cs${++p.counters.csat}`;
    const score = Number(weighted(rng, CSAT_WEIGHTS));
    p.emit(
      at(),
      "csat.recorded",
      {
        responseId: id,
        score,
        ...(score <= 2 ? { comment: "Slow response from partner support" } : {}),
      },
      `cs${p.counters.csat}`,
    );
  }

  if (chance(rng, 0.06 * load)) p.assignTraining(at(), pick(rng, COURSES));

  if (p.stock.length > 0) reportStock(p, from, to);
}

function recordSale(
  p: PartnerSim,
  t: number,
  dealId: string | undefined,
  usdOverride: number | undefined,
): void {
  const rng = p.rng;
  const line = weighted(rng, PRODUCT_WEIGHTS);
  const usd = usdOverride ?? logNormal(rng, Math.log(PRODUCT_MEDIAN_USD[line]), 0.75);
  const n = ++p.counters.sale;
  p.emit(
    t,
    "sale.recorded",
    {
      saleId: `${p.id}-s${n}`,
      amount: p.money(usd),
      productLine: line,
      sku: `${line.toUpperCase().slice(0, 3)}-${intBetween(rng, 100, 140)}`,
      quantity: intBetween(rng, 1, 20),
      ...(dealId ? { dealId } : {}),
    },
    `s${n}`,
  );
  const q = quarterIndex(t);
  p.quarterUsd.set(q, (p.quarterUsd.get(q) ?? 0) + usd);
}

function registerDeal(p: PartnerSim, t: number): void {
  const rng = p.rng;
  const n = ++p.counters.deal;
  const id = `${p.id}-d${n}`;
  const usd = logNormal(rng, Math.log(22_000), 0.9);
  const close = t + intBetween(rng, 20, 120) * DAY;
  p.emit(
    t,
    "deal.registered",
    {
      dealId: id,
      customer: `${pick(rng, CUSTOMERS)} ${intBetween(rng, 1, 999)}`,
      amount: p.money(usd),
      productLine: weighted(rng, PRODUCT_WEIGHTS),
      expectedCloseDate: isoDay(close),
    },
    `d${n}`,
  );
  const reviewed = t + intBetween(rng, 2, 120) * HOUR;
  if (chance(rng, 0.12)) {
    p.emit(
      reviewed,
      "deal.status_changed",
      { dealId: id, from: "submitted", to: "rejected", reason: "Existing opportunity" },
      `d${n}-rejected`,
    );
    return;
  }
  p.emit(
    reviewed,
    "deal.status_changed",
    { dealId: id, from: "submitted", to: "approved" },
    `d${n}-approved`,
  );
  const closed = close + intBetween(rng, -10, 20) * DAY;
  if (closed <= reviewed) return;
  if (chance(rng, 0.55)) {
    p.emit(closed, "deal.status_changed", { dealId: id, from: "approved", to: "won" }, `d${n}-won`);
    recordSale(p, closed + HOUR, id, usd);
  } else {
    p.emit(
      closed,
      "deal.status_changed",
      { dealId: id, from: "approved", to: "lost", reason: "Customer chose a competitor" },
      `d${n}-lost`,
    );
  }
}

function routeLead(p: PartnerSim, t: number): void {
  const rng = p.rng;
  const n = ++p.counters.lead;
  const id = `l-${p.id}-${n}`;
  p.out.emit(
    t,
    "lead.created",
    undefined,
    {
      leadId: id,
      company: `${pick(rng, CUSTOMERS)} ${pick(rng, ["Labs", "Corp", "GmbH", "Ltd", "SA"])} ${intBetween(rng, 1, 999)}`,
      region: p.region,
      country: p.country,
      productLine: weighted(rng, PRODUCT_WEIGHTS),
      estimatedValue: p.money(logNormal(rng, Math.log(15_000), 0.8)),
    },
    p.key(`lead${n}`),
  );
  const assigned = t + intBetween(rng, 1, 8) * HOUR;
  p.emit(assigned, "lead.assigned", { leadId: id, reason: "Territory match" }, `lead${n}-assigned`);
  const answered = assigned + intBetween(rng, 4, 72) * HOUR;
  if (!chance(rng, 0.78)) {
    p.emit(answered, "lead.status_changed", { leadId: id, to: "declined" }, `lead${n}-declined`);
    return;
  }
  p.emit(answered, "lead.status_changed", { leadId: id, to: "accepted" }, `lead${n}-accepted`);
  const r = rng();
  if (r < 0.35) {
    p.emit(
      answered + intBetween(rng, 15, 70) * DAY,
      "lead.status_changed",
      { leadId: id, to: "converted" },
      `lead${n}-converted`,
    );
  } else if (r < 0.65) {
    p.emit(
      answered + intBetween(rng, 20, 90) * DAY,
      "lead.status_changed",
      { leadId: id, to: "lost" },
      `lead${n}-lost`,
    );
  }
}

/** Monthly stock reports: stock burns down, restocks when below threshold (not always on time). */
function reportStock(p: PartnerSim, from: number, to: number): void {
  const rng = p.rng;
  for (let week = from + 2 * DAY; week < to; week += 30 * DAY) {
    for (const s of p.stock) {
      s.level = Math.max(0, s.level - Math.round(s.burn * (0.5 + rng())));
      if (s.level < s.threshold && chance(rng, 0.6)) {
        const cases = Math.ceil((s.targetLevel - s.level) / s.caseSize);
        s.level += cases * s.caseSize;
      }
      const t = week + intBetween(rng, 0, 10) * HOUR;
      if (t >= to) continue;
      p.emit(
        t,
        "inventory.updated",
        {
          sku: s.sku,
          product: s.product,
          level: s.level,
          threshold: s.threshold,
          targetLevel: s.targetLevel,
          caseSize: s.caseSize,
        },
        `inv-${s.sku}-${isoDay(t)}`,
      );
    }
  }
}
