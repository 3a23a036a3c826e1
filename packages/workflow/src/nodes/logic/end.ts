import { z } from "zod";
import { defineNode, IN } from "../define.ts";

export const logicEnd = defineNode({
  type: "logic.end",
  version: 1,
  family: "logic",
  label: "End",
  icon: "square",
  description: "Ends the run here.",
  config: z.strictObject({}),
  defaults: {},
  inputs: IN,
  outputs: [],
  summary: () => "End",
  execute: () => ({ end: true, why: "reached an end node" }),
});
