import { z } from "zod";
import { defineNode, IN, OUT } from "../define.ts";
import { RECIPIENT_LABELS, Recipient, Template, checkTemplates } from "./shared.ts";

export const actionNotify = defineNode({
  type: "action.notify",
  version: 1,
  family: "action",
  label: "In-app notification",
  icon: "bell",
  description: "Shows a notification in the partner portal or to a team.",
  config: z.strictObject({ to: Recipient, message: Template(2_000).pipe(z.string().min(1)) }),
  defaults: { to: "partner", message: "Hello {{partner.name}}" },
  inputs: IN,
  outputs: OUT,
  summary: (c) => `Notify ${RECIPIENT_LABELS[c.to]}: “${c.message}”`,
  check: (c, env) => checkTemplates(env, { message: c.message }),
  execute: async (ctx) => {
    const message = await ctx.template(ctx.config.message);
    await ctx.effect({
      kind: "notification",
      partnerId: ctx.partnerId,
      to: ctx.config.to,
      message,
    });
    return { port: "out", why: `notified ${RECIPIENT_LABELS[ctx.config.to]}` };
  },
});
