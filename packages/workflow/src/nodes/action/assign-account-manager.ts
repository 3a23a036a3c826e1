import { z } from "zod";
import { defineNode, IN } from "../define.ts";
import { requirePartner } from "./shared.ts";

export const actionAssignAccountManager = defineNode({
  type: "action.assign_account_manager",
  version: 1,
  family: "action",
  label: "Assign account manager",
  icon: "user-plus",
  description: "Assigns an account manager round robin among the managers of the partner's region.",
  config: z.strictObject({ strategy: z.literal("round_robin"), keepExisting: z.boolean() }),
  defaults: { strategy: "round_robin", keepExisting: true },
  inputs: IN,
  outputs: [
    { id: "out", label: "Assigned" },
    { id: "none", label: "No manager available" },
  ],
  summary: (c) =>
    `Assign an account manager round robin in the partner's region${c.keepExisting ? " (unless one is assigned)" : ""}`,
  execute: async (ctx) => {
    const partnerId = requirePartner(ctx.partnerId, "Assigning an account manager");
    const p = await ctx.partner();
    if (!p) throw new Error(`partner ${partnerId} not found`);
    if (ctx.config.keepExisting && p.accountManagerId)
      return {
        port: "out",
        why: `already managed by ${p.accountManagerId}`,
        outputs: { userId: p.accountManagerId },
      };
    const managers = [...(await ctx.host.accountManagers(p.region))].sort((a, b) =>
      a.userId < b.userId ? -1 : 1,
    );
    ctx.see(
      "managers",
      managers.map((m) => m.userId),
    );
    if (managers.length === 0) return { port: "none", why: `no account manager in ${p.region}` };
    const n = await ctx.host.nextCounter(`am:${ctx.nodeId}:${p.region}`);
    const m = managers[n % managers.length]!;
    await ctx.effect({ kind: "assign_account_manager", partnerId, userId: m.userId });
    return { port: "out", why: `assigned ${m.name} (${p.region})`, outputs: { userId: m.userId } };
  },
});
