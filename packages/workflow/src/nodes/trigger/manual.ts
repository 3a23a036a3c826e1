import { z } from "zod";
import { defineNode, OUT } from "../define.ts";
import { passThrough } from "./shared.ts";

export const triggerManual = defineNode({
  type: "trigger.manual",
  version: 1,
  family: "trigger",
  label: "Run manually",
  icon: "play",
  description: "Starts when someone runs the workflow by hand for a partner.",
  config: z.strictObject({}),
  defaults: {},
  inputs: [],
  outputs: OUT,
  scope: () => ({ recordEntity: "partner" }),
  summary: () => "When run manually",
  execute: passThrough,
});
