import { z } from "zod";
import { UserRole } from "@partnerflow/domain";
import { Duration, describeDuration, durationMs, ui } from "../../values.ts";
import { defineNode, IN } from "../define.ts";

export const logicApproval = defineNode({
  type: "logic.approval",
  version: 1,
  family: "logic",
  label: "Ask for approval",
  icon: "user-check",
  description: "Asks a person in a role to approve or reject; branches on the answer or a timeout.",
  config: z.strictObject({
    approverRole: UserRole,
    title: ui(z.string().min(1).max(300), { widget: "template" }),
    timeout: Duration,
  }),
  defaults: {
    approverRole: "channel_manager",
    title: "Approve",
    timeout: { amount: 3, unit: "days" },
  },
  inputs: IN,
  outputs: [
    { id: "approved", label: "Approved" },
    { id: "rejected", label: "Rejected" },
    { id: "timeout", label: "No answer" },
  ],
  summary: (c) =>
    `Ask a ${c.approverRole.replace("_", " ")} to approve “${c.title}” (timeout ${describeDuration(c.timeout)})`,
  check: (c, env) =>
    env
      .checkTemplate(c.title)
      .map((m) => ({ code: "expression_error" as const, path: ["title"], message: m })),
  execute: async (ctx) => {
    const s = ctx.signal;
    if (s?.kind === "approval")
      return {
        port: s.decision,
        why: `${s.decision}${s.by ? ` by ${s.by}` : ""}${s.reason ? `: ${s.reason}` : ""}`,
        outputs: { decision: s.decision, by: s.by ?? null, reason: s.reason ?? null },
      };
    if (s?.kind === "timeout" || s?.kind === "timer")
      return { port: "timeout", why: "no decision before the timeout" };
    const title = await ctx.template(ctx.config.title);
    const until = new Date(ctx.now.getTime() + durationMs(ctx.config.timeout)).toISOString();
    return {
      park: { kind: "approval", approverRole: ctx.config.approverRole, title, until },
      why: `waiting for a ${ctx.config.approverRole} to approve “${title}”`,
    };
  },
});
