import {
  CURRENCY_CODES,
  CURRENCY_EXPONENTS,
  DEAL_TRANSITIONS,
  PRODUCT_LINES,
  REGIONS,
  TIERS,
  fromMinor,
  type CurrencyCode,
  type DealStatus,
  type EventInput,
} from "@partnerflow/domain";

/** Small deterministic PRNG (mulberry32): the same seed gives the same history. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;

/**
 * A realistic, domain-valid mixed history for a few partners: every event type, several
 * currencies, deals along legal transitions, reassigned leads, expiring certifications,
 * stock falling below threshold. Times increase strictly and end before `end`.
 */
export function generateHistory(opts: {
  seed: number;
  partners: number;
  events: number;
  end: Date;
  days: number;
}): EventInput[] {
  const rnd = prng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const out: EventInput[] = [];
  const step = (opts.days * DAY) / (opts.events + opts.partners + 1);
  let t = opts.end.getTime() - opts.days * DAY;
  let n = 0;
  const at = (): string => {
    t += Math.max(1, Math.floor(step * (0.2 + rnd() * 1.6)));
    return new Date(Math.min(t, opts.end.getTime() - 1)).toISOString();
  };
  const key = (): string => `k-${opts.seed}-${n++}`;
  const money = (max: number): { amount: string; currency: CurrencyCode } => {
    const currency = rnd() < 0.5 ? "USD" : pick(CURRENCY_CODES);
    const minor = int(100, max) * 10 ** CURRENCY_EXPONENTS[currency];
    return {
      amount: fromMinor(minor + (CURRENCY_EXPONENTS[currency] ? int(0, 99) : 0), currency),
      currency,
    };
  };

  const ids = Array.from({ length: opts.partners }, (_, i) => `p${opts.seed}-${i}`);
  const deals = new Map<string, { partner: string; status: DealStatus }>();
  const leads = new Map<string, string | null>();
  const trainings = new Map<string, { partner: string; done: boolean }>();
  const certs = new Map<string, { partner: string; expired: boolean }>();
  const docs: [string, string][] = [];
  const licenses: [string, string][] = [];
  const rewards: [string, string][] = [];
  const tasks = new Map<string, { partner: string; open: boolean }>();
  const skus = ["SKU-A", "SKU-B", "SKU-C"];

  for (const id of ids) {
    out.push({
      type: "partner.created",
      idempotencyKey: key(),
      occurredAt: at(),
      partnerId: id,
      payload: {
        name: `Partner ${id}`,
        tier: pick(TIERS),
        region: pick(REGIONS),
        country: pick(["US", "DE", "GB", "JP", "BR"]),
        type: pick(["reseller", "distributor", "msp"] as const),
        status: "active",
        attributes: { segment: pick(["smb", "ent"]), score: int(1, 9) },
      },
    });
  }

  let made = 0;
  const e = (ev: Omit<EventInput, "idempotencyKey" | "occurredAt">): void => {
    out.push({ ...ev, idempotencyKey: key(), occurredAt: at() } as EventInput);
    made++;
  };
  while (made < opts.events) {
    const p = pick(ids);
    const r = rnd();
    const tag = `${opts.seed}-${n}`;
    if (r < 0.22) {
      e({
        type: "sale.recorded",
        partnerId: p,
        payload: {
          saleId: `s${tag}`,
          amount: money(20_000),
          productLine: pick(PRODUCT_LINES),
          quantity: int(1, 20),
        },
      });
    } else if (r < 0.3) {
      e({
        type: "deal.registered",
        partnerId: p,
        payload: {
          dealId: `d${tag}`,
          customer: `Cust ${tag}`,
          amount: money(90_000),
          productLine: pick(PRODUCT_LINES),
          expectedCloseDate: "2026-12-31",
        },
      });
      deals.set(`d${tag}`, { partner: p, status: "submitted" });
    } else if (r < 0.42) {
      const open = [...deals].filter(([, d]) => DEAL_TRANSITIONS[d.status].length > 0);
      if (open.length === 0) continue;
      const [dealId, d] = pick(open);
      const to = rnd() < 0.75 ? DEAL_TRANSITIONS[d.status][0]! : pick(DEAL_TRANSITIONS[d.status]);
      e({
        type: "deal.status_changed",
        partnerId: d.partner,
        payload: { dealId, from: d.status, to },
      });
      d.status = to;
    } else if (r < 0.47) {
      const leadId = `l${tag}`;
      e({ type: "lead.created", payload: { leadId, company: `Co ${tag}`, region: pick(REGIONS) } });
      leads.set(leadId, null);
    } else if (r < 0.52) {
      if (leads.size === 0) continue;
      const [leadId] = pick([...leads]);
      e({ type: "lead.assigned", partnerId: p, payload: { leadId } });
      leads.set(leadId, p);
    } else if (r < 0.55) {
      const assigned = [...leads].filter(([, holder]) => holder !== null);
      if (assigned.length === 0) continue;
      const [leadId, holder] = pick(assigned);
      e({
        type: "lead.status_changed",
        partnerId: holder!,
        payload: { leadId, to: pick(["accepted", "declined", "converted", "lost"] as const) },
      });
    } else if (r < 0.58) {
      e({
        type: "training.assigned",
        partnerId: p,
        payload: { trainingId: `t${tag}`, course: "Onboarding", dueDate: "2026-06-30" },
      });
      trainings.set(`t${tag}`, { partner: p, done: false });
    } else if (r < 0.61) {
      const todo = [...trainings].filter(([, x]) => !x.done);
      if (todo.length === 0 || rnd() < 0.3) {
        e({
          type: "training.completed",
          partnerId: p,
          payload: { trainingId: `t${tag}`, course: "Walk-in", score: 87.5 },
        });
        trainings.set(`t${tag}`, { partner: p, done: true });
      } else {
        const [trainingId, x] = pick(todo);
        e({
          type: "training.completed",
          partnerId: x.partner,
          payload: { trainingId, course: "Onboarding" },
        });
        x.done = true;
      }
    } else if (r < 0.64) {
      const expires = new Date(t + int(-30, 400) * DAY).toISOString().slice(0, 10);
      e({
        type: "certification.earned",
        partnerId: p,
        payload: { certificationId: `c${tag}`, name: "Cloud Pro", expiresAt: expires },
      });
      certs.set(`c${tag}`, { partner: p, expired: false });
    } else if (r < 0.655) {
      const live = [...certs].filter(([, c]) => !c.expired);
      if (live.length === 0) continue;
      const [certificationId, c] = pick(live);
      e({ type: "certification.expired", partnerId: c.partner, payload: { certificationId } });
      c.expired = true;
    } else if (r < 0.68) {
      e({
        type: "document.submitted",
        partnerId: p,
        payload: {
          documentId: `doc${tag}`,
          kind: "insurance_certificate",
          validUntil: "2027-03-01T00:00:00Z",
        },
      });
      docs.push([`doc${tag}`, p]);
    } else if (r < 0.7) {
      if (docs.length === 0) continue;
      const [documentId, holder] = pick(docs);
      e({
        type: "document.status_changed",
        partnerId: holder,
        payload: { documentId, to: pick(["approved", "rejected"] as const) },
      });
    } else if (r < 0.72) {
      e({
        type: "license.issued",
        partnerId: p,
        payload: { licenseId: `lic${tag}`, product: "Suite", expiresAt: "2027-01-15" },
      });
      licenses.push([`lic${tag}`, p]);
    } else if (r < 0.73) {
      if (licenses.length === 0) continue;
      const [licenseId, holder] = pick(licenses);
      e({
        type: "license.renewed",
        partnerId: holder,
        payload: { licenseId, expiresAt: "2028-01-15" },
      });
    } else if (r < 0.78) {
      e({
        type: "inventory.updated",
        partnerId: p,
        payload: {
          sku: pick(skus),
          level: int(0, 120),
          threshold: 40,
          targetLevel: 150,
          caseSize: 12,
        },
      });
    } else if (r < 0.79) {
      e({
        type: "inventory.reordered",
        partnerId: p,
        payload: { sku: pick(skus), quantity: int(12, 120) },
      });
    } else if (r < 0.86) {
      e({
        type: "csat.recorded",
        partnerId: p,
        payload: { responseId: `cs${tag}`, score: pick([1, 2.5, 3, 3.75, 4, 4.5, 5]) },
      });
    } else if (r < 0.89) {
      const cash = rnd() < 0.7;
      e({
        type: "reward.issued",
        partnerId: p,
        payload: {
          rewardId: `rw${tag}`,
          kind: cash ? "cash_bonus" : "points",
          ...(cash ? { amount: money(3000) } : { points: int(10, 500) }),
          status: "pending",
          reason: "milestone",
          periodKey: "2026-Q3",
        },
      });
      rewards.push([`rw${tag}`, p]);
    } else if (r < 0.9) {
      if (rewards.length === 0) continue;
      const [rewardId, holder] = pick(rewards);
      e({
        type: "reward.status_changed",
        partnerId: holder,
        payload: { rewardId, to: pick(["approved", "paid", "declined"] as const) },
      });
    } else if (r < 0.92) {
      e({
        type: "task.created",
        partnerId: p,
        payload: {
          taskId: `tk${tag}`,
          title: "Call partner",
          team: "channel",
          dueDate: "2026-05-01",
        },
      });
      tasks.set(`tk${tag}`, { partner: p, open: true });
    } else if (r < 0.93) {
      const open = [...tasks].filter(([, x]) => x.open);
      if (open.length === 0) continue;
      const [taskId, x] = pick(open);
      e({ type: "task.completed", partnerId: x.partner, payload: { taskId } });
      x.open = false;
    } else if (r < 0.94) {
      e({
        type: "enablement.granted",
        partnerId: p,
        payload: { content: pick(["advanced", "pricing", "cloud"]) },
      });
    } else if (r < 0.95) {
      e({
        type: "contact.added",
        partnerId: p,
        payload: {
          contactId: `ct${tag}`,
          name: "Ann",
          email: `ann${tag}@example.com`,
          primary: rnd() < 0.5,
        },
      });
    } else if (r < 0.965) {
      e({
        type: "partner.tier_changed",
        partnerId: p,
        payload: { to: pick(TIERS), reason: "review" },
      });
    } else if (r < 0.975) {
      e({
        type: "partner.status_changed",
        partnerId: p,
        payload: { to: pick(["active", "suspended"] as const) },
      });
    } else if (r < 0.985) {
      e({
        type: "partner.updated",
        partnerId: p,
        payload: { name: `Renamed ${tag}`, attributes: { segment: null, vip: rnd() < 0.5 } },
      });
    } else if (r < 0.993) {
      e({
        type: "partner.account_manager_assigned",
        partnerId: p,
        payload: { userId: `u${int(1, 4)}` },
      });
    } else {
      e({ type: "partner.compliance_changed", partnerId: p, payload: { compliant: rnd() < 0.5 } });
    }
  }
  return out;
}
