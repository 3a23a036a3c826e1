import { z } from "zod";
import { ENTITIES, type FieldMeta } from "@partnerflow/domain";
import { describeLiteral } from "../../conditions/render.ts";
import { literalSchema } from "../../conditions/typing.ts";
import { localProblem, zodProblems } from "../../compiler/problems.ts";
import { ui, valueOf } from "../../values.ts";
import { defineNode, IN, OUT } from "../define.ts";
import { requirePartner } from "./shared.ts";

/** Partner fields a workflow may write (identity and tier have their own nodes). */
export const WRITABLE_PARTNER_FIELDS = [
  "status",
  "compliant",
  "region",
  "country",
  "type",
] as const;

const fieldMeta = (field: string): FieldMeta | undefined =>
  field.startsWith("attributes.")
    ? { type: "text", label: field.slice(11) }
    : (WRITABLE_PARTNER_FIELDS as readonly string[]).includes(field)
      ? (ENTITIES.partner.fields as Record<string, FieldMeta>)[field]
      : undefined;

export const actionUpdateField = defineNode({
  type: "action.update_field",
  version: 1,
  family: "action",
  label: "Update partner field",
  icon: "pencil",
  description: "Sets a partner field (status, compliant…) or a custom attribute.",
  config: z.strictObject({
    field: ui(z.string().min(1).max(80), { widget: "entity-field", entity: "partner" }),
    value: valueOf(z.union([z.string().max(500), z.number(), z.boolean(), z.null()])),
  }),
  defaults: { field: "compliant", value: { kind: "literal", value: false } },
  inputs: IN,
  outputs: OUT,
  summary: (c) =>
    `Set ${fieldMeta(c.field)?.label ?? c.field} to ${c.value.kind === "literal" ? describeLiteral(c.value.value) : `(${c.value.source})`}`,
  check: (c, env) => {
    const meta = fieldMeta(c.field);
    if (!meta)
      return [
        localProblem(
          "unknown_field",
          ["field"],
          `${JSON.stringify(c.field)} is not a writable partner field; use ${WRITABLE_PARTNER_FIELDS.join(", ")} or attributes.<name>`,
        ),
      ];
    if (c.value.kind === "expr")
      return env
        .checkExpr(c.value.source, meta)
        .map((m) => localProblem("expression_error", ["value", "source"], m));
    if (c.field.startsWith("attributes.")) return [];
    const r = literalSchema(meta).safeParse(c.value.value);
    return r.success ? [] : zodProblems(r.error, ["value", "value"], "type_mismatch");
  },
  execute: async (ctx) => {
    const partnerId = requirePartner(ctx.partnerId, "Updating a field");
    const raw = await ctx.value(ctx.config.value, fieldMeta(ctx.config.field));
    const value =
      raw instanceof Date ? raw.toISOString() : (raw as string | number | boolean | null);
    await ctx.effect({ kind: "update_field", partnerId, field: ctx.config.field, value });
    return { port: "out", why: `set ${ctx.config.field} to ${describeLiteral(value)}` };
  },
});
