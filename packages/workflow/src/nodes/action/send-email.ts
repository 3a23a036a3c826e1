import { z } from "zod";
import { defineNode, IN, OUT } from "../define.ts";
import { RECIPIENT_LABELS, Recipient, Template, checkTemplates } from "./shared.ts";

export const actionSendEmail = defineNode({
  type: "action.send_email",
  version: 1,
  family: "action",
  label: "Send email",
  icon: "mail",
  description: "Sends an email from a template with merge fields such as {{partner.name}}.",
  config: z.strictObject({
    to: Recipient,
    template: z.string().min(1).max(120),
    subject: Template(300).pipe(z.string().min(1, "subject must not be empty")),
    body: Template(),
  }),
  defaults: { to: "partner", template: "custom", subject: "Hello {{partner.name}}", body: "" },
  inputs: IN,
  outputs: OUT,
  summary: (c) => `Email ${RECIPIENT_LABELS[c.to]}: “${c.subject}”`,
  check: (c, env) => checkTemplates(env, { subject: c.subject, body: c.body }),
  execute: async (ctx) => {
    const subject = await ctx.template(ctx.config.subject);
    const body = await ctx.template(ctx.config.body);
    await ctx.effect({
      kind: "email",
      partnerId: ctx.partnerId,
      to: ctx.config.to,
      template: ctx.config.template,
      subject,
      body,
    });
    return { port: "out", why: `emailed ${RECIPIENT_LABELS[ctx.config.to]}: ${subject}` };
  },
});
