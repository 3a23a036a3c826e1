import { z } from "zod";
import { Team } from "@partnerflow/domain";
import { Duration, describeDuration, durationMs } from "../../values.ts";
import { defineNode, IN, OUT } from "../define.ts";
import { Template, checkTemplates } from "./shared.ts";

export const actionCreateTask = defineNode({
  type: "action.create_task",
  version: 1,
  family: "action",
  label: "Create task",
  icon: "check-square",
  description: "Creates a to-do for the partner's account manager or a team.",
  config: z.discriminatedUnion("assignTo", [
    z.strictObject({
      assignTo: z.literal("account_manager"),
      title: Template(300).pipe(z.string().min(1)),
      dueIn: Duration.optional(),
    }),
    z.strictObject({
      assignTo: z.literal("team"),
      team: Team,
      title: Template(300).pipe(z.string().min(1)),
      dueIn: Duration.optional(),
    }),
  ]),
  defaults: { assignTo: "account_manager", title: "Follow up with {{partner.name}}" },
  inputs: IN,
  outputs: OUT,
  summary: (c) =>
    `Task for ${c.assignTo === "team" ? `the ${c.team} team` : "the account manager"}: “${c.title}”${c.dueIn ? ` due in ${describeDuration(c.dueIn)}` : ""}`,
  check: (c, env) => checkTemplates(env, { title: c.title }),
  execute: async (ctx) => {
    const c = ctx.config;
    const title = await ctx.template(c.title);
    let assignee: string | null = null;
    if (c.assignTo === "account_manager")
      assignee = (await ctx.partner())?.accountManagerId ?? null;
    const dueDate = c.dueIn
      ? new Date(ctx.now.getTime() + durationMs(c.dueIn)).toISOString()
      : null;
    // Without an account manager the task falls back to the channel team, so it is never lost.
    const team = c.assignTo === "team" ? c.team : assignee ? null : "channel";
    const r = await ctx.effect({
      kind: "create_task",
      title,
      partnerId: ctx.partnerId,
      assigneeUserId: assignee,
      team,
      dueDate,
    });
    return {
      port: "out",
      why: `task “${title}” for ${assignee ?? `${team} team`}`,
      outputs: { taskId: r.ids?.[0] ?? null },
    };
  },
});
