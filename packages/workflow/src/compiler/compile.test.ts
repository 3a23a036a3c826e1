import { describe, expect, expectTypeOf, it } from "vitest";
import fc from "fast-check";
import { compileWorkflow } from "./compile.ts";
import { canonicalJson, sha256Hex } from "./hash.ts";
import { migrateWorkflow } from "./migrate.ts";
import { TEMPLATES } from "../fixtures/index.ts";
import { quarterlyMilestone } from "../fixtures/scenarios-a.ts";
import { NODE_TYPES, STEP_KINDS, type StepKind } from "../nodes/registry.ts";
import { defineNode, type NodeDef } from "../nodes/define.ts";
import { z } from "zod";
import type { GraphDocument } from "../graph/document.ts";

const clone = (g: GraphDocument): GraphDocument => JSON.parse(JSON.stringify(g)) as GraphDocument;
const codes = (g: unknown) =>
  compileWorkflow(g).problems.map((p) => `${p.nodeId}:${p.code}:${p.path.join(".")}`);

describe("compiler problems", () => {
  const base = () => clone(quarterlyMilestone.graph);
  it.each<[string, (g: GraphDocument) => void, string]>([
    [
      "no trigger",
      (g) => (g.nodes = g.nodes.filter((n) => n.id !== "trigger")),
      "null:no_trigger:",
    ],
    ["two triggers", (g) => g.nodes.push({ ...g.nodes[0]!, id: "t2" }), "t2:multiple_triggers:"],
    [
      "dangling edge",
      (g) =>
        g.edges.push({
          id: "x",
          source: "bonus",
          sourcePort: "skipped",
          target: "ghost",
          targetPort: "in",
        }),
      "bonus:dangling_edge:edges.x",
    ],
    [
      "duplicate edge",
      (g) => g.edges.push({ ...g.edges[0]!, id: "dup" }),
      "trigger:duplicate_edge:edges.dup",
    ],
    [
      "unknown port",
      (g) => (g.edges[1]!.sourcePort = "maybe"),
      "below:unknown_port:edges.below-true-gold",
    ],
    [
      "cycle",
      (g) =>
        g.edges.push({
          id: "back",
          source: "email",
          sourcePort: "out",
          target: "below",
          targetPort: "in",
        }),
      "below:cycle:",
    ],
    [
      "unreachable",
      (g) =>
        g.nodes.push({
          id: "lonely",
          type: "logic.end",
          typeVersion: 1,
          config: {},
          position: { x: 0, y: 0 },
        }),
      "lonely:unreachable_node:",
    ],
    [
      "unconnected trigger",
      (g) => (g.edges = g.edges.filter((e) => e.source !== "trigger")),
      "trigger:unconnected_port:",
    ],
    [
      "invalid config",
      (g) => (g.nodes[2]!.config = { tier: "Diamond", direction: "any" }),
      "gold:invalid_config:config.tier",
    ],
    ["unknown type", (g) => (g.nodes[2]!.type = "action.nope"), "gold:unknown_node_type:type"],
    [
      "money without currency",
      (g) => (g.nodes[0]!.config.threshold = 100000),
      "trigger:missing_currency:config.threshold",
    ],
    [
      "unknown field",
      (g) =>
        (g.nodes[1]!.config = {
          condition: {
            kind: "group",
            combinator: "all",
            children: [
              {
                kind: "clause",
                left: { source: "partner", field: "shoeSize" },
                op: "eq",
                right: { kind: "literal", value: 1 },
              },
            ],
          },
        }),
      "below:unknown_field:config.condition.children.0.left",
    ],
    [
      "bad operator",
      (g) =>
        (g.nodes[1]!.config = {
          condition: {
            kind: "group",
            combinator: "all",
            children: [
              {
                kind: "clause",
                left: { source: "partner", field: "name" },
                op: "below",
                right: { kind: "literal", value: "x" },
              },
            ],
          },
        }),
      "below:bad_operator:config.condition.children.0.op",
    ],
    [
      "type mismatch",
      (g) =>
        (g.nodes[1]!.config = {
          condition: {
            kind: "group",
            combinator: "all",
            children: [
              {
                kind: "clause",
                left: { source: "partner", field: "tier" },
                op: "eq",
                right: { kind: "literal", value: 3 },
              },
            ],
          },
        }),
      "below:type_mismatch:config.condition.children.0.right.value",
    ],
    [
      "bad template",
      (g) => (g.nodes[4]!.config.subject = "Hi {{partner.nmae}}"),
      "email:expression_error:config.subject",
    ],
  ])("%s", (_name, mutate, expected) => {
    const g = base();
    mutate(g);
    expect(codes(g)).toContain(expected);
  });
  it.each([
    ["cron", { cron: "61 * * * *", timeZone: "UTC" }, "bad_cron"],
    ["zone", { cron: "0 9 * * 1", timeZone: "Mars/Olympus" }, "bad_time_zone"],
  ])("bad %s", (_n, config, code) => {
    const g = {
      nodes: [
        { id: "t", type: "trigger.schedule", typeVersion: 1, config, position: { x: 0, y: 0 } },
        { id: "e", type: "logic.end", typeVersion: 1, config: {}, position: { x: 1, y: 0 } },
      ],
      edges: [{ id: "a", source: "t", sourcePort: "out", target: "e", targetPort: "in" }],
    };
    expect(codes(g)).toContain(`t:${code}:config.${code === "bad_cron" ? "cron" : "timeZone"}`);
  });
  it("reports an invalid document instead of throwing", () => {
    expect(codes({ nodes: "x" })).toEqual([
      "null:invalid_document:edges",
      "null:invalid_document:nodes",
    ]);
  });
});

describe("determinism", () => {
  const shuffleKeys = (v: unknown, rnd: () => number): unknown => {
    if (Array.isArray(v)) return v.map((x) => shuffleKeys(x, rnd));
    if (v && typeof v === "object") {
      const entries = Object.entries(v).sort(() => rnd() - 0.5);
      return Object.fromEntries(entries.map(([k, x]) => [k, shuffleKeys(x, rnd)]));
    }
    return v;
  };
  it.each(TEMPLATES.map((t) => [t.id, t] as const))(
    "%s: same hash under key and node reordering, positions ignored",
    (_id, t) => {
      const a = compileWorkflow(t.graph);
      fc.assert(
        fc.property(fc.integer(), (seed) => {
          let s = seed;
          const rnd = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
          const g = shuffleKeys(t.graph, rnd) as GraphDocument;
          const moved = {
            ...g,
            nodes: [...g.nodes]
              .reverse()
              .map((n) => ({ ...n, position: { x: n.position.x + 1, y: 0 } })),
          };
          const b = compileWorkflow(moved);
          return a.ok && b.ok && a.canonical === b.canonical && a.hash === b.hash;
        }),
        { numRuns: 20 },
      );
    },
  );
  it("sha256 matches a known vector", () => {
    expect(sha256Hex("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });
});

describe("hostile input never throws", () => {
  const types = [...STEP_KINDS, "nope"];
  const node = fc.record({
    id: fc.constantFrom("a", "b", "c", "d", "e", "bad id!"),
    type: fc.constantFrom(...types),
    typeVersion: fc.integer({ min: 0, max: 2 }),
    config: fc.oneof(
      fc.constant({}),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 })),
    ),
    position: fc.record({ x: fc.integer(), y: fc.integer() }),
  });
  const edge = fc.record({
    id: fc.string({ minLength: 1, maxLength: 4 }),
    source: fc.constantFrom("a", "b", "c", "zz"),
    sourcePort: fc.constantFrom("out", "true", "false", "x"),
    target: fc.constantFrom("a", "b", "c", "e"),
    targetPort: fc.constantFrom("in", "x"),
  });
  it("random graphs give a result or problems", () => {
    fc.assert(
      fc.property(
        fc.record({
          nodes: fc.array(node, { maxLength: 8 }),
          edges: fc.array(edge, { maxLength: 10 }),
        }),
        (g) => {
          const r = compileWorkflow(g);
          return r.ok
            ? r.problems.length === 0
            : r.problems.length > 0 && r.problems.every((p) => typeof p.message === "string");
        },
      ),
      { numRuns: 300 },
    );
  });
  it("random configs on every node type give problems, not crashes", () => {
    fc.assert(
      fc.property(fc.constantFrom(...STEP_KINDS), fc.jsonValue({ maxDepth: 4 }), (type, config) => {
        const g = {
          nodes: [
            { id: "n", type, typeVersion: 1, config: { junk: config }, position: { x: 0, y: 0 } },
          ],
          edges: [],
        };
        return !compileWorkflow(g).ok;
      }),
      { numRuns: 200 },
    );
  });
});

describe("schemaVersion migration", () => {
  it("v1 is the identity", () => {
    const r = compileWorkflow(quarterlyMilestone.graph);
    if (!r.ok) throw new Error("fixture must compile");
    expect(migrateWorkflow(r.ir)).toEqual({ ok: true, ir: r.ir, from: 1 });
  });
  it("runs step functions from an older version and refuses newer ones", () => {
    const r = compileWorkflow(quarterlyMilestone.graph);
    if (!r.ok) throw new Error("fixture must compile");
    const { trigger, nodes } = r.ir;
    const v0 = { schemaVersion: 0, start: trigger, nodes };
    const steps = {
      0: ({ start, ...rest }: Record<string, unknown>) => ({ ...rest, trigger: start }),
    };
    expect(migrateWorkflow(v0, steps)).toMatchObject({ ok: true, from: 0, ir: { trigger } });
    expect(migrateWorkflow({ ...r.ir, schemaVersion: 2 }).ok).toBe(false);
  });
});

describe("registry typing", () => {
  it("every kind has a definition with an executor", () => {
    expectTypeOf(NODE_TYPES).toMatchTypeOf<Record<StepKind, NodeDef<string, z.ZodType>>>();
    expectTypeOf<StepKind>().toEqualTypeOf<keyof typeof NODE_TYPES>();
    for (const k of STEP_KINDS) expect(typeof NODE_TYPES[k].execute).toBe("function");
    expectTypeOf(NODE_TYPES["action.set_tier"].execute)
      .parameter(0)
      .toHaveProperty("config")
      .toEqualTypeOf<{
        tier: "Registered" | "Silver" | "Gold" | "Platinum";
        direction: "any" | "upgrade_only";
        reason: string;
      }>();
  });
  it("a node type without execute does not compile", () => {
    // @ts-expect-error execute is required
    const bad = defineNode({
      type: "x.y",
      version: 1,
      family: "logic",
      label: "",
      icon: "",
      description: "",
      config: z.strictObject({}),
      defaults: {},
      inputs: [],
      outputs: [],
      summary: () => "",
    });
    expect(bad.type).toBe("x.y");
  });
});
