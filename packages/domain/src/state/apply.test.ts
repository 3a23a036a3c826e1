import { describe, expect, it } from "vitest";
import { DEFAULT_RATE_BOOK } from "../rates.ts";
import { applyEvent, applyEventInPlace, rebuildPartnerState } from "./apply.ts";
import { ev } from "./test-events.ts";
import { emptyPartnerState } from "./types.ts";

const created = ev(
  "partner.created",
  {
    name: "Acme",
    tier: "Silver",
    region: "EMEA",
    country: "DE",
    type: "reseller",
    status: "active",
    attributes: { a: 1, b: "x" },
  },
  "2026-01-01T00:00:00Z",
);

describe("applyEvent", () => {
  it("copies on write: the previous state and untouched collections are shared, not changed", () => {
    const s0 = applyEvent(emptyPartnerState("p1"), created, DEFAULT_RATE_BOOK);
    const s1 = applyEvent(
      s0,
      ev(
        "deal.registered",
        {
          dealId: "d1",
          customer: "C",
          amount: { amount: "100", currency: "EUR" },
          productLine: "core",
        },
        "2026-01-02T00:00:00Z",
      ),
      DEFAULT_RATE_BOOK,
    );
    expect(s0.deals).toEqual({});
    expect(s1.deals["d1"]).toMatchObject({
      amountMinor: 10000,
      currency: "EUR",
      amountReportingMinor: 10870,
      status: "submitted",
    });
    expect(s1.leads).toBe(s0.leads);
    const s2 = applyEvent(
      s1,
      ev("deal.status_changed", { dealId: "d1", to: "approved" }, "2026-01-03T00:00:00Z"),
      DEFAULT_RATE_BOOK,
    );
    expect(s1.deals["d1"]!.status).toBe("submitted");
    expect(s2.deals["d1"]!.status).toBe("approved");
  });

  it("ignores other partners' events, returning the same state", () => {
    const s0 = applyEvent(emptyPartnerState("p1"), created, DEFAULT_RATE_BOOK);
    const other = ev(
      "sale.recorded",
      { saleId: "s", amount: { amount: "1", currency: "USD" }, productLine: "core" },
      "2026-01-02T00:00:00Z",
      "p2",
    );
    expect(applyEvent(s0, other, DEFAULT_RATE_BOOK)).toBe(s0);
  });

  it("drops a lead when it is assigned to another partner", () => {
    const s = emptyPartnerState("p1");
    applyEventInPlace(s, created, DEFAULT_RATE_BOOK);
    applyEventInPlace(
      s,
      ev("lead.assigned", { leadId: "l1" }, "2026-01-02T00:00:00Z"),
      DEFAULT_RATE_BOOK,
    );
    expect(Object.keys(s.leads)).toEqual(["l1"]);
    applyEventInPlace(
      s,
      ev("lead.assigned", { leadId: "l1" }, "2026-01-03T00:00:00Z", "p2"),
      DEFAULT_RATE_BOOK,
    );
    expect(s.leads).toEqual({});
  });

  it("patches attributes, null removing a key", () => {
    const s = rebuildPartnerState(
      [
        created,
        ev("partner.updated", { attributes: { a: null, c: true } }, "2026-01-02T00:00:00Z"),
      ],
      new Date("2027-01-01"),
      DEFAULT_RATE_BOOK,
    );
    expect(s.attributes).toEqual({ b: "x", c: true });
  });

  it("keeps sales and satisfaction totals exact (scores in hundredths)", () => {
    const events = [
      created,
      ev(
        "sale.recorded",
        { saleId: "s1", amount: { amount: "10.50", currency: "USD" }, productLine: "premium" },
        "2026-01-02T00:00:00Z",
      ),
      ev(
        "sale.recorded",
        { saleId: "s2", amount: { amount: "1", currency: "USD" }, productLine: "core" },
        "2026-01-03T00:00:00Z",
      ),
      ev("csat.recorded", { responseId: "r1", score: 4.333 }, "2026-01-03T00:00:00Z"),
      ev("csat.recorded", { responseId: "r2", score: 5 }, "2026-01-03T00:00:00Z"),
    ];
    const s = rebuildPartnerState(events, new Date("2027-01-01"), DEFAULT_RATE_BOOK);
    expect(s.sales).toEqual({
      count: 2,
      amountReportingMinor: 1150,
      byProductLine: {
        premium: { count: 1, amountReportingMinor: 1050 },
        core: { count: 1, amountReportingMinor: 100 },
      },
    });
    expect(s.csat).toEqual({ count: 2, scoreHundredthsSum: 933 });
  });
});

describe("rebuildPartnerState", () => {
  const events = [
    created,
    ev("partner.tier_changed", { from: "Silver", to: "Gold" }, "2026-04-01T00:00:00Z"),
    ev(
      "certification.earned",
      { certificationId: "c1", name: "Pro", expiresAt: "2026-12-31" },
      "2026-05-01T00:00:00Z",
    ),
    ev("certification.expired", { certificationId: "c1" }, "2026-06-01T00:00:00Z"),
  ];

  it.each([
    ["2025-12-31T23:59:59Z", false, "Registered", undefined],
    ["2026-03-31T23:59:59Z", true, "Silver", undefined],
    ["2026-04-01T00:00:00Z", true, "Gold", undefined],
    ["2026-05-15T00:00:00Z", true, "Gold", null],
    ["2026-06-02T00:00:00Z", true, "Gold", new Date("2026-06-01T00:00:00Z")],
  ])("at %s: exists=%s tier=%s certification expiredAt=%s", (at, exists, tier, expiredAt) => {
    const s = rebuildPartnerState(events, new Date(at), DEFAULT_RATE_BOOK);
    expect(s.exists).toBe(exists);
    expect(s.tier).toBe(tier);
    expect(s.certifications["c1"]?.expiredAt).toEqual(expiredAt);
  });

  it("infers the partner from partner.created", () => {
    expect(rebuildPartnerState(events, new Date("2027-01-01"), DEFAULT_RATE_BOOK).id).toBe("p1");
  });
});
