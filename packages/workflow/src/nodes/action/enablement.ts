import { z } from "zod";
import { Duration, describeDuration, durationMs } from "../../values.ts";
import { defineNode, IN, OUT } from "../define.ts";
import { requirePartner } from "./shared.ts";

export const actionEnablement = defineNode({
  type: "action.enablement",
  version: 1,
  family: "action",
  label: "Grant access / assign training",
  icon: "graduation-cap",
  description: "Grants access to enablement content or assigns a training course.",
  config: z.strictObject({
    action: z.enum(["grant_access", "assign_training"]),
    content: z.string().min(1).max(120),
    dueIn: Duration.optional(),
  }),
  defaults: { action: "assign_training", content: "Onboarding" },
  inputs: IN,
  outputs: OUT,
  summary: (c) =>
    c.action === "grant_access"
      ? `Grant access to “${c.content}”`
      : `Assign training “${c.content}”${c.dueIn ? ` due in ${describeDuration(c.dueIn)}` : ""}`,
  execute: async (ctx) => {
    const partnerId = requirePartner(ctx.partnerId, "Enablement");
    const dueDate = ctx.config.dueIn
      ? new Date(ctx.now.getTime() + durationMs(ctx.config.dueIn)).toISOString()
      : null;
    await ctx.effect({
      kind: "enablement",
      partnerId,
      action: ctx.config.action,
      content: ctx.config.content,
      dueDate,
    });
    return {
      port: "out",
      why: `${ctx.config.action === "grant_access" ? "granted" : "assigned"} ${ctx.config.content}`,
    };
  },
});
