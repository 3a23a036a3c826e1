import { EventInputSchema, formatIssues, REGIONS, type EventInput } from "@partnerflow/domain";
import { describe, expect, it } from "vitest";
import { countDemoEvents, demoRecords, generateDemoEvents } from "./generate.ts";
import { generateRates, generateUsers } from "./reference-data.ts";

const endDate = new Date("2026-06-30T12:00:00.000Z");
const small = { partners: 40, years: 2, seed: 7, endDate };
const events: EventInput[] = [...generateDemoEvents(small)];

describe("demo history generator", () => {
  it("yields only events that pass EventInputSchema", () => {
    const bad = events
      .map((e, i) => ({ i, r: EventInputSchema.safeParse(e) }))
      .filter((x) => !x.r.success)
      .map((x) => ({ i: x.i, issues: x.r.success ? [] : formatIssues(x.r.error) }));
    expect(bad.slice(0, 3)).toEqual([]);
    expect(events.length).toBeGreaterThan(2000);
  });

  it("is deterministic for a seed and different for another seed", () => {
    const again = [...generateDemoEvents(small)];
    expect(again).toEqual(events);
    const other = [...generateDemoEvents({ ...small, seed: 8 })];
    expect(other.slice(0, 50)).not.toEqual(events.slice(0, 50));
  });

  it("streams in time order with unique idempotency keys, all inside the period", () => {
    const start = new Date("2024-06-30T12:00:00.000Z").getTime();
    let last = 0;
    for (const e of events) {
      const t = Date.parse(e.occurredAt!);
      expect(t).toBeGreaterThanOrEqual(last);
      expect(t).toBeGreaterThanOrEqual(start);
      expect(t).toBeLessThanOrEqual(endDate.getTime());
      last = t;
    }
    expect(new Set(events.map((e) => e.idempotencyKey)).size).toBe(events.length);
  });

  it("covers regions, currencies, product lines, statuses and the event catalog", () => {
    const created = events.filter((e) => e.type === "partner.created");
    expect(created).toHaveLength(40);
    const regions = new Set(created.map((e) => e.payload.region));
    expect([...regions].sort()).toEqual([...REGIONS].sort());
    const currencies = new Set(
      events.flatMap((e) => (e.type === "sale.recorded" ? [e.payload.amount.currency] : [])),
    );
    expect(currencies.size).toBeGreaterThanOrEqual(3);
    const lines = new Set(
      events.flatMap((e) => (e.type === "sale.recorded" ? [e.payload.productLine] : [])),
    );
    expect(lines.size).toBe(5);
    const types = new Set(events.map((e) => e.type));
    for (const t of [
      "deal.registered",
      "deal.status_changed",
      "lead.created",
      "lead.assigned",
      "lead.status_changed",
      "training.completed",
      "certification.earned",
      "document.status_changed",
      "license.issued",
      "license.renewed",
      "csat.recorded",
      "inventory.updated",
      "partner.tier_changed",
      "reward.issued",
    ] as const) {
      expect(types, t).toContain(t);
    }
    const dealOutcomes = new Set(
      events.flatMap((e) => (e.type === "deal.status_changed" ? [e.payload.to] : [])),
    );
    expect([...dealOutcomes].sort()).toEqual(["approved", "lost", "rejected", "won"]);
    const low = events.filter(
      (e) => e.type === "inventory.updated" && e.payload.level < (e.payload.threshold ?? 0),
    );
    expect(low.length).toBeGreaterThan(0);
  });

  it("has a long tail: the biggest partner sells far more than the median one", () => {
    const perPartner = new Map<string, number>();
    for (const e of events) {
      if (e.type === "sale.recorded")
        perPartner.set(e.partnerId!, (perPartner.get(e.partnerId!) ?? 0) + 1);
    }
    const counts = [...perPartner.values()].sort((a, b) => a - b);
    const median = counts[Math.floor(counts.length / 2)]!;
    expect(counts[counts.length - 1]!).toBeGreaterThan(median * 5);
  });

  it("is seasonal: December sells more than July", () => {
    const byMonth = new Array<number>(12).fill(0);
    for (const r of demoRecords({ partners: 300, years: 2, seed: 3, endDate })) {
      if (r.type === "sale.recorded") byMonth[new Date(r.t).getUTCMonth()]! += 1;
    }
    expect(byMonth[11]!).toBeGreaterThan(byMonth[6]! * 1.3);
  });

  it("gives each partner a stream independent of the total, so size scales linearly", () => {
    // Partner i's events depend on (seed, i) only; 20,000 partners x 3 years therefore yield
    // at least 10x what 2,000 do (the bench loads the full size and reports the count).
    // The same pass checks that status and tier changes chain (each "from" is the current value).
    let total = 0;
    const status = new Map<string, unknown>();
    const tier = new Map<string, unknown>();
    const broken: string[] = [];
    for (const r of demoRecords({ partners: 2000, years: 3, seed: 42, endDate })) {
      total++;
      const p = r.payload;
      if (r.type === "partner.created") {
        status.set(r.partnerId!, p["status"]);
        tier.set(r.partnerId!, p["tier"]);
      } else if (r.type === "partner.status_changed" || r.type === "partner.tier_changed") {
        const map = r.type === "partner.status_changed" ? status : tier;
        if (map.get(r.partnerId!) !== p["from"]) broken.push(r.idempotencyKey);
        map.set(r.partnerId!, p["to"]);
      }
    }
    expect(broken.slice(0, 5)).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(100_000);
    expect(countDemoEvents({ partners: 5, years: 1, seed: 42, endDate }).total).toBeGreaterThan(0);
    const firstTen = [...demoRecords({ partners: 10, years: 1, seed: 42, endDate })].filter(
      (r) => r.partnerId === "p00003",
    );
    const ofMany = [...demoRecords({ partners: 12, years: 1, seed: 42, endDate })].filter(
      (r) => r.partnerId === "p00003",
    );
    expect(ofMany.map((r) => r.idempotencyKey)).toEqual(firstTen.map((r) => r.idempotencyKey));
  });

  it("rejects sizes it cannot generate", () => {
    expect(() => [...demoRecords({ ...small, partners: 0 })]).toThrow(/partners/);
    expect(() => [...demoRecords({ ...small, years: 0 })]).toThrow(/years/);
  });
});

describe("users and exchange rates", () => {
  it("has account managers in every region and the ids partners point at", () => {
    const users = generateUsers(40, 7, endDate);
    const managers = new Set(users.filter((u) => u.role === "account_manager").map((u) => u.id));
    for (const region of REGIONS) {
      expect(users.some((u) => u.role === "account_manager" && u.region === region)).toBe(true);
    }
    for (const e of events) {
      if (e.type === "partner.created") expect(managers).toContain(e.payload.accountManagerId);
    }
  });

  it("has one positive rate per currency and day, USD fixed at 1", () => {
    const start = new Date("2026-01-01T00:00:00Z");
    const rates = [...generateRates(7, start, new Date("2026-01-31T00:00:00Z"))];
    const days = new Set(rates.map((r) => r.day));
    expect(days.size).toBe(31 + 7);
    expect(rates.filter((r) => r.currency === "USD").every((r) => r.perUsd === "1.000000")).toBe(
      true,
    );
    const eur = rates.filter((r) => r.currency === "EUR").map((r) => Number(r.perUsd));
    expect(Math.min(...eur)).toBeGreaterThan(0.8);
    expect(Math.max(...eur)).toBeLessThan(1.05);
  });
});
