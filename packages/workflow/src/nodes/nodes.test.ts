import { describe, expect, it } from "vitest";
import { compileWorkflow } from "../compiler/compile.ts";
import { graph } from "../fixtures/builder.ts";
import {
  NODE_CASES as CASES,
  SALE,
  saleTrigger,
  type Json,
  type NodeCase,
} from "../fixtures/node-cases.ts";
import { run } from "../fixtures/run-helpers.ts";
import { MemoryHost, partnerState } from "../testing/memory-host.ts";
import { NODE_TYPES, STEP_KINDS, nodeDef, type StepKind } from "./registry.ts";

/** The node under test as "n": behind its trigger, or as the trigger in front of an end node. */
function graphFor(kind: StepKind, c: NodeCase, config: Json) {
  const t = c.trigger ?? saleTrigger;
  return nodeDef(kind)?.family === "trigger"
    ? graph(
        [
          ["n", kind, config, 0, 0],
          ["end", "logic.end", {}, 1, 0],
        ],
        [["n", "out", "end"]],
      )
    : graph(
        [
          ["t", t.type, t.config, 0, 0],
          ["n", kind, config, 1, 0],
        ],
        [["t", "out", "n"]],
      );
}

const outcomeOf = (e: { port: string | null; parked: { kind: string } | null }) =>
  e.port !== null ? `port:${e.port}` : e.parked ? `parked:${e.parked.kind}` : "end";

describe("every node type", () => {
  it("has a case (a new node type without one fails here)", () => {
    expect(Object.keys(CASES).sort()).toEqual([...STEP_KINDS].sort());
  });

  describe.each(STEP_KINDS.map((k) => [k] as const))("%s", (kind) => {
    const c = CASES[kind];
    const def = NODE_TYPES[kind];

    it("compiles with a valid config, and with its palette defaults", () => {
      const r = compileWorkflow(graphFor(kind, c, c.config));
      expect(r.problems).toEqual([]);
      // Defaults of a trigger-dependent action may need its trigger; every default must parse.
      expect(def.config.safeParse(def.defaults).success).toBe(true);
    });

    it("reads back in plain English", () => {
      expect(def.summary(def.config.parse(c.config) as never)).toBe(c.summary);
    });

    it("reports an invalid config on the node with the field path", () => {
      const r = compileWorkflow(graphFor(kind, c, c.invalid.config));
      expect(r.ok).toBe(false);
      expect(r.problems).toContainEqual(
        expect.objectContaining({
          nodeId: "n",
          path: ["config", ...c.invalid.path],
          code: c.invalid.code,
        }),
      );
    });

    it("executes on the in-memory host", async () => {
      const host = new MemoryHost({
        now: new Date("2026-03-01T10:00:00Z"),
        partners: [partnerState({ id: "p1", tier: "Silver" })],
      });
      c.setup?.(host);
      const t = c.trigger ?? saleTrigger;
      const r = await run(
        { id: kind, name: kind, description: "", graph: graphFor(kind, c, c.config) },
        host,
        {
          partnerId: t.partnerId === undefined ? "p1" : t.partnerId,
          ...(def.family === "trigger" ? {} : { event: t.event ?? SALE }),
        },
      );
      const step = r.trace.find((e) => e.nodeId === "n");
      expect(step?.error ?? null).toBeNull();
      expect(step && outcomeOf(step)).toBe(c.outcome);
      const mine = host.effects.filter((e) => e.nodeId === "n");
      if (c.effect === null) expect(mine).toEqual([]);
      else expect(mine).toEqual([expect.objectContaining(c.effect)]);
    });
  });
});
