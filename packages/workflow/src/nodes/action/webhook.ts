import { z } from "zod";
import { defineNode, IN, OUT } from "../define.ts";
import { Template, checkTemplates } from "./shared.ts";

export const actionWebhook = defineNode({
  type: "action.webhook",
  version: 1,
  family: "action",
  label: "Call a webhook",
  icon: "webhook",
  description:
    "Sends an HTTPS request to an external system (delivered at least once, with an idempotency key).",
  config: z.strictObject({
    url: z.url({ protocol: /^https$/, error: "must be an https:// URL" }).max(2_000),
    method: z.enum(["POST", "PUT"]),
    body: Template(65_536),
  }),
  defaults: { url: "https://example.com/hook", method: "POST", body: "{}" },
  inputs: IN,
  outputs: OUT,
  summary: (c) => `${c.method} ${c.url}`,
  check: (c, env) => checkTemplates(env, { body: c.body }),
  execute: async (ctx) => {
    const body = await ctx.template(ctx.config.body);
    await ctx.effect({ kind: "webhook", url: ctx.config.url, method: ctx.config.method, body });
    return { port: "out", why: `${ctx.config.method} ${ctx.config.url}` };
  },
});
