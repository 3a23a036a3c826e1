import { describe, expect, it } from "vitest";
import { EVENT_TYPES } from "@partnerflow/domain";
import { eventDetails, eventLabel } from "./event-summary.ts";

describe("eventLabel", () => {
  it.each([
    ["sale.recorded", EVENT_TYPES["sale.recorded"].label],
    ["partner.tier_changed", EVENT_TYPES["partner.tier_changed"].label],
    ["custom.thing_happened", "Custom thing happened"],
  ])("%s → %s", (type, label) => {
    expect(eventLabel(type)).toBe(label);
  });
});

describe("eventDetails", () => {
  it.each([
    {
      name: "money through the catalog, enums as words, ids skipped",
      type: "sale.recorded",
      payload: {
        saleId: "s_1",
        amount: { amount: "1250.5", currency: "EUR" },
        productLine: "premium",
        quantity: 3,
      },
      expected: [
        { label: "Amount", value: "€1,250.50" },
        { label: "Product line", value: "Premium" },
        { label: "Quantity", value: "3" },
      ],
    },
    {
      name: "ordered tiers keep their names",
      type: "partner.tier_changed",
      payload: { from: "Silver", to: "Gold" },
      expected: [
        { label: "Tier", value: "Silver" },
        { label: "Tier", value: "Gold" },
      ],
    },
    {
      name: "partner types read as the channel says them",
      type: "partner.updated",
      payload: { type: "var", country: "DE" },
      expected: [
        { label: "Country", value: "DE" },
        { label: "Partner type", value: "VAR" },
      ],
    },
    {
      name: "zero-decimal currencies",
      type: "deal.registered",
      payload: {
        dealId: "d_1",
        customer: "Globex",
        amount: { amount: "500000", currency: "JPY" },
        productLine: "cloud",
      },
      expected: [
        { label: "Customer", value: "Globex" },
        { label: "Amount", value: "¥500,000" },
        { label: "Product line", value: "Cloud" },
      ],
    },
  ])("$name", ({ type, payload, expected }) => {
    expect(eventDetails(type, payload)).toEqual(expected);
  });

  it("shows nothing for unknown types or malformed payloads", () => {
    expect(eventDetails("custom.thing", { a: 1 })).toEqual([]);
    expect(eventDetails("sale.recorded", null)).toEqual([]);
    expect(eventDetails("sale.recorded", { amount: { amount: 5, currency: "XXX" } })).toEqual([]);
  });

  it("shows at most four fields", () => {
    const details = eventDetails("partner.created", {
      name: "Acme",
      tier: "Gold",
      region: "EMEA",
      country: "DE",
      type: "msp",
      status: "active",
    });
    expect(details).toHaveLength(4);
  });
});
