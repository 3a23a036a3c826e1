import { z } from "zod";
import { DocumentKind } from "@partnerflow/domain";
import { defineNode, IN, OUT } from "../define.ts";
import { Template, checkTemplates } from "./shared.ts";
import { localProblem } from "../../compiler/problems.ts";

export const actionDealDecision = defineNode({
  type: "action.deal_decision",
  version: 1,
  family: "action",
  label: "Approve or reject deal",
  icon: "handshake",
  description: "Approves or rejects the deal registration that triggered the run.",
  config: z.strictObject({ decision: z.enum(["approved", "rejected"]), reason: Template(500) }),
  defaults: { decision: "approved", reason: "" },
  inputs: IN,
  outputs: OUT,
  summary: (c) => `${c.decision === "approved" ? "Approve" : "Reject"} the deal registration`,
  check: (c, env) => [
    ...(env.scope.recordEntity === "deal"
      ? []
      : [localProblem("type_mismatch", [], "only a deal event can be approved or rejected")]),
    ...checkTemplates(env, { reason: c.reason }),
  ],
  execute: async (ctx) => {
    const dealId = typeof ctx.event.dealId === "string" ? ctx.event.dealId : "";
    if (!dealId) throw new Error("no dealId on the trigger event");
    const reason = await ctx.template(ctx.config.reason);
    await ctx.effect({
      kind: "deal_decision",
      dealId,
      partnerId: ctx.partnerId,
      decision: ctx.config.decision,
      reason,
    });
    return { port: "out", why: `deal ${dealId} ${ctx.config.decision}` };
  },
});

export const actionDocumentDecision = defineNode({
  type: "action.document_decision",
  version: 1,
  family: "action",
  label: "Approve or reject document",
  icon: "file-check",
  description: "Approves or rejects the compliance document that triggered the run.",
  config: z.strictObject({ decision: z.enum(["approved", "rejected"]), reason: Template(500) }),
  defaults: { decision: "approved", reason: "" },
  inputs: IN,
  outputs: OUT,
  summary: (c) => `${c.decision === "approved" ? "Approve" : "Reject"} the document`,
  check: (c, env) => [
    ...(env.scope.recordEntity === "document"
      ? []
      : [localProblem("type_mismatch", [], "only a document event can be approved or rejected")]),
    ...checkTemplates(env, { reason: c.reason }),
  ],
  execute: async (ctx) => {
    const documentId = typeof ctx.event.documentId === "string" ? ctx.event.documentId : "";
    if (!documentId) throw new Error("no documentId on the trigger event");
    const kind = DocumentKind.safeParse(ctx.event.kind);
    const reason = await ctx.template(ctx.config.reason);
    await ctx.effect({
      kind: "document_decision",
      documentId,
      partnerId: ctx.partnerId,
      kindOfDocument: kind.success ? kind.data : null,
      decision: ctx.config.decision,
      reason,
    });
    return { port: "out", why: `document ${documentId} ${ctx.config.decision}` };
  },
});
