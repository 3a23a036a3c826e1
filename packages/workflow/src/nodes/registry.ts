import { triggerEvent } from "./trigger/event.ts";
import { triggerRecordChange } from "./trigger/record-change.ts";
import { triggerThreshold } from "./trigger/threshold.ts";
import { triggerSchedule } from "./trigger/schedule.ts";
import { triggerDateRelative } from "./trigger/date-relative.ts";
import { triggerManual } from "./trigger/manual.ts";
import { logicCondition } from "./logic/condition.ts";
import { logicSwitch } from "./logic/switch.ts";
import { logicWait } from "./logic/wait.ts";
import { logicWaitForEvent } from "./logic/wait-for-event.ts";
import { logicApproval } from "./logic/approval.ts";
import { logicEnd } from "./logic/end.ts";
import { actionSendEmail } from "./action/send-email.ts";
import { actionNotify } from "./action/notify.ts";
import { actionUpdateField } from "./action/update-field.ts";
import { actionSetTier } from "./action/set-tier.ts";
import { actionIssueReward } from "./action/issue-reward.ts";
import { actionAssignLead } from "./action/assign-lead.ts";
import { actionAssignAccountManager } from "./action/assign-account-manager.ts";
import { actionCreateTask } from "./action/create-task.ts";
import { actionEnablement } from "./action/enablement.ts";
import { actionDealDecision, actionDocumentDecision } from "./action/decisions.ts";
import { actionReorderStock } from "./action/reorder-stock.ts";
import { actionWebhook } from "./action/webhook.ts";
import type { NodeDef, PortDef } from "./define.ts";

const ALL = [
  triggerEvent,
  triggerRecordChange,
  triggerThreshold,
  triggerSchedule,
  triggerDateRelative,
  triggerManual,
  logicCondition,
  logicSwitch,
  logicWait,
  logicWaitForEvent,
  logicApproval,
  logicEnd,
  actionSendEmail,
  actionNotify,
  actionUpdateField,
  actionSetTier,
  actionIssueReward,
  actionAssignLead,
  actionAssignAccountManager,
  actionCreateTask,
  actionEnablement,
  actionDealDecision,
  actionDocumentDecision,
  actionReorderStock,
  actionWebhook,
] as const;

type AllDefs = (typeof ALL)[number];
/** Every node type id ("trigger.event", "action.issue_reward", …). */
export type StepKind = AllDefs["type"];

/**
 * The one registry the compiler, interpreter, simulator and the canvas palette read. Typed as
 * `Record<StepKind, …>`: a kind without a definition (and so without an executor) does not compile.
 */
export const NODE_TYPES: { readonly [K in StepKind]: Extract<AllDefs, { type: K }> } =
  Object.fromEntries(ALL.map((d) => [d.type, d])) as never;

export const STEP_KINDS = ALL.map((d) => d.type) as readonly StepKind[];

export function isStepKind(t: string): t is StepKind {
  return Object.hasOwn(NODE_TYPES, t);
}

/** The registry entry of a type, widened for generic code (compiler, interpreter). */
export function nodeDef(type: string): NodeDef | undefined {
  return isStepKind(type) ? NODE_TYPES[type] : undefined;
}

/** Output ports of a node with a (valid) config; dynamic for switch. */
export function outputPorts(def: NodeDef, config: unknown): readonly PortDef[] {
  return typeof def.outputs === "function" ? def.outputs(config) : def.outputs;
}

export const isTriggerType = (t: string): boolean => nodeDef(t)?.family === "trigger";
