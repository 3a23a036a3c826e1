import { z } from "zod";
import { Duration, describeDuration, durationMs } from "../../values.ts";
import { defineNode, IN } from "../define.ts";
import { EventTypeName, eventLabel } from "../trigger/shared.ts";

export const logicWaitForEvent = defineNode({
  type: "logic.wait_for_event",
  version: 1,
  family: "logic",
  label: "Wait for an event",
  icon: "inbox",
  description: "Waits until an event about the same partner arrives, or takes the timeout branch.",
  config: z.strictObject({ eventType: EventTypeName, timeout: Duration }),
  defaults: { eventType: "training.completed", timeout: { amount: 7, unit: "days" } },
  inputs: IN,
  outputs: [
    { id: "event", label: "Event arrived" },
    { id: "timeout", label: "Timed out" },
  ],
  summary: (c) => `Wait up to ${describeDuration(c.timeout)} for ${eventLabel(c.eventType)}`,
  execute: (ctx) => {
    const s = ctx.signal;
    if (s?.kind === "event")
      return { port: "event", why: `${s.event.type} arrived`, outputs: { event: s.event.payload } };
    if (s?.kind === "timeout" || s?.kind === "timer")
      return { port: "timeout", why: "no event before the timeout" };
    const until = new Date(ctx.now.getTime() + durationMs(ctx.config.timeout)).toISOString();
    return {
      park: { kind: "event", eventType: ctx.config.eventType, partnerId: ctx.partnerId, until },
      why: `waiting for ${ctx.config.eventType} until ${until}`,
    };
  },
});
