import { describe, expect, it } from "vitest";
import { describeEffect } from "./effect-summary.ts";

const base = { idempotencyKey: "r1:n1:0", nodeId: "n1" };

describe("describeEffect", () => {
  it.each([
    [
      {
        ...base,
        kind: "ledger_entry",
        partnerId: "p1",
        rewardKind: "cash_bonus",
        amount: { amount: "50.00", currency: "USD" },
        status: "approved",
        reason: "welcome",
      },
      "Reward: Cash bonus $50.00 (approved) — welcome",
    ],
    [
      {
        ...base,
        kind: "set_tier",
        partnerId: "p1",
        from: "Registered",
        to: "Silver",
        reason: "sales",
      },
      "Tier: Registered → Silver — sales",
    ],
    [
      {
        ...base,
        kind: "email",
        partnerId: "p1",
        to: "account_manager",
        template: "t",
        subject: "Hello",
        body: "b",
      },
      "Email to account manager: “Hello”",
    ],
    [
      { ...base, kind: "webhook", url: "https://example.com/h", method: "POST", body: "{}" },
      "Webhook POST https://example.com/h",
    ],
    [{ kind: "teleport", nodeId: "n1" }, "Teleport"],
  ])("%o reads %s", (effect, text) => {
    expect(describeEffect(effect)).toBe(text);
  });
});
