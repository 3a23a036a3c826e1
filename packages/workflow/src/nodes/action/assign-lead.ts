import { z } from "zod";
import { REGIONS, TIERS, type Region } from "@partnerflow/domain";
import type { LeadCandidate } from "../../interpreter/host.ts";
import { defineNode, IN } from "../define.ts";

const TierWeights = z.strictObject(
  Object.fromEntries(TIERS.map((t) => [t, z.number().int().min(0).max(100)])) as Record<
    (typeof TIERS)[number],
    z.ZodNumber
  >,
);

export const actionAssignLead = defineNode({
  type: "action.assign_lead",
  version: 1,
  family: "action",
  label: "Assign lead",
  icon: "target",
  description:
    "Routes the lead to an eligible partner: territory match, capacity cap, round robin or weighted by tier or performance.",
  config: z.strictObject({
    strategy: z.enum(["round_robin", "weighted_tier", "weighted_performance"]),
    tierWeights: TierWeights.optional(),
    matchRegion: z.boolean(),
    matchCountry: z.boolean(),
    /** Skip partners with this many open leads or more. */
    maxOpenLeads: z.number().int().min(1).max(10_000).optional(),
  }),
  defaults: { strategy: "round_robin", matchRegion: true, matchCountry: false },
  inputs: IN,
  outputs: [
    { id: "assigned", label: "Assigned" },
    { id: "none", label: "No eligible partner" },
  ],
  summary: (c) =>
    `Assign the lead ${c.strategy === "round_robin" ? "round robin" : c.strategy === "weighted_tier" ? `weighted by tier${c.tierWeights ? ` (${TIERS.map((t) => `${t} ${c.tierWeights![t]}`).join(", ")})` : ""}` : "weighted by performance"}${c.matchRegion ? " in the lead's region" : ""}${c.maxOpenLeads ? `, skipping partners with ${c.maxOpenLeads}+ open leads` : ""}`,
  execute: async (ctx) => {
    const c = ctx.config;
    const leadId = typeof ctx.event.leadId === "string" ? ctx.event.leadId : "";
    if (!leadId) throw new Error("assigning a lead needs a lead event (leadId)");
    const region = REGIONS.includes(ctx.event.region as Region)
      ? (ctx.event.region as Region)
      : undefined;
    const all = await ctx.host.leadCandidates({
      ...(c.matchRegion && region ? { region } : {}),
      ...(c.matchCountry && typeof ctx.event.country === "string"
        ? { country: ctx.event.country }
        : {}),
    });
    // Sorted by id so the pick depends only on the candidates, never on the host's order.
    const eligible = [...all]
      .filter((p) => p.status === "active")
      .filter((p) => !c.matchRegion || !region || p.region === region)
      .filter((p) => c.maxOpenLeads === undefined || p.openLeads < c.maxOpenLeads)
      .sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0));
    ctx.see("candidates", all.length);
    ctx.see(
      "eligible",
      eligible.map((p) => ({ partnerId: p.partnerId, tier: p.tier, openLeads: p.openLeads })),
    );
    if (eligible.length === 0)
      return { port: "none", why: `no eligible partner among ${all.length}` };
    const weight = (p: LeadCandidate) =>
      c.strategy === "weighted_tier"
        ? (c.tierWeights?.[p.tier] ?? 1)
        : c.strategy === "weighted_performance"
          ? Math.max(0, Math.round(p.performance)) + 1
          : 1;
    const total = eligible.reduce((s, p) => s + weight(p), 0);
    if (total <= 0) return { port: "none", why: "every eligible partner has weight 0" };
    // A persistent counter walks the weighted wheel: deterministic, and fair over time.
    const counter = await ctx.host.nextCounter(
      `lead:${ctx.nodeId}:${c.matchRegion && region ? region : "all"}`,
    );
    let slot = counter % total;
    let chosen = eligible[0]!;
    for (const p of eligible) {
      const w = weight(p);
      if (slot < w) {
        chosen = p;
        break;
      }
      slot -= w;
    }
    ctx.see("counter", counter);
    await ctx.effect({
      kind: "assign_lead",
      leadId,
      partnerId: chosen.partnerId,
      reason: `${c.strategy} among ${eligible.length} eligible`,
    });
    return {
      port: "assigned",
      why: `assigned to ${chosen.partnerId} (${chosen.tier}, ${chosen.openLeads} open leads)`,
      outputs: { partnerId: chosen.partnerId },
    };
  },
});
