import { z } from "zod";
import { Recipient } from "../../interpreter/effects.ts";
import { ui } from "../../values.ts";
import type { CheckEnv } from "../define.ts";
import type { LocalProblem } from "../../compiler/problems.ts";

export const Template = (max = 20_000) => ui(z.string().max(max), { widget: "template" });
export { Recipient };

export const RECIPIENT_LABELS = {
  partner: "the partner",
  account_manager: "the account manager",
  channel_team: "the channel team",
  compliance_team: "the compliance team",
} as const;

/** Template checks for several fields at once. */
export function checkTemplates(
  env: CheckEnv,
  fields: Record<string, string | undefined>,
): LocalProblem[] {
  return Object.entries(fields).flatMap(([key, src]) =>
    src === undefined
      ? []
      : env
          .checkTemplate(src)
          .map((message) => ({ code: "expression_error" as const, path: [key], message })),
  );
}

/** Trigger partner, or a clear error for partner-less triggers (a lead without a partner yet). */
export function requirePartner(partnerId: string | null, what: string): string {
  if (!partnerId) throw new Error(`${what} needs a partner, and this run has none`);
  return partnerId;
}
