import { z } from "zod";
import { Tier, tierRank } from "@partnerflow/domain";
import { defineNode, IN } from "../define.ts";
import { requirePartner } from "./shared.ts";

export const actionSetTier = defineNode({
  type: "action.set_tier",
  version: 1,
  family: "action",
  label: "Set tier",
  icon: "award",
  description: "Moves the partner to a tier; continues on “changed” or “unchanged”.",
  config: z.strictObject({
    tier: Tier,
    /** "upgrade_only" never moves a partner down. */
    direction: z.enum(["any", "upgrade_only"]),
    reason: z.string().max(500).default(""),
  }),
  defaults: { tier: "Gold", direction: "any", reason: "" },
  inputs: IN,
  outputs: [
    { id: "changed", label: "Changed" },
    { id: "unchanged", label: "Unchanged" },
  ],
  summary: (c) => `Set tier to ${c.tier}${c.direction === "upgrade_only" ? " (upgrade only)" : ""}`,
  execute: async (ctx) => {
    const partnerId = requirePartner(ctx.partnerId, "Setting a tier");
    const p = await ctx.partner();
    const from = p?.tier ?? null;
    ctx.see("tier", from);
    if (from === ctx.config.tier) return { port: "unchanged", why: `already ${from}` };
    if (
      from &&
      ctx.config.direction === "upgrade_only" &&
      tierRank(from) > tierRank(ctx.config.tier)
    )
      return { port: "unchanged", why: `${from} is above ${ctx.config.tier}; upgrade only` };
    await ctx.effect({
      kind: "set_tier",
      partnerId,
      from,
      to: ctx.config.tier,
      reason: ctx.config.reason || "workflow",
    });
    return {
      port: "changed",
      why: `${from ?? "no tier"} → ${ctx.config.tier}`,
      outputs: { from, to: ctx.config.tier },
    };
  },
});
