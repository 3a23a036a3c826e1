import { compileParsedCondition } from "../conditions/compile.ts";
import { operandMeta, type CatalogScope } from "../conditions/typing.ts";
import { checkExpr, checkTemplate } from "../expr-bridge.ts";
import { GraphDocument } from "../graph/document.ts";
import type { CheckEnv, NodeDef } from "../nodes/define.ts";
import { nodeDef, outputPorts } from "../nodes/registry.ts";
import { canonicalize, sha256Hex } from "./hash.ts";
import { CURRENT_SCHEMA_VERSION, type IrNode, type WorkflowIr } from "./ir.ts";
import { zodProblems, type LocalProblem, type Problem } from "./problems.ts";

export type CompileResult =
  | { ok: true; ir: WorkflowIr; canonical: string; hash: string; problems: [] }
  | { ok: false; problems: Problem[] };

const at = (nodeId: string | null, p: LocalProblem): Problem => ({ nodeId, ...p });

/** The catalog scope (event fields, record entity) every node of a graph sees. */
export function checkEnvFor(scope: CatalogScope): CheckEnv {
  return {
    scope,
    checkExpr: (src, expected) => checkExpr(src, scope, expected),
    checkTemplate: (src) => checkTemplate(src, scope),
    checkCondition: (tree) => {
      const r = compileParsedCondition(tree, scope, (src, expected) =>
        checkExpr(src, scope, expected),
      );
      return r.ok ? [] : r.problems;
    },
    checkOperand: (op) => operandMeta(op, scope),
  };
}

/**
 * Graph document → serialized workflow. Never throws: every problem is reported with the node
 * id and config path. The IR is canonical (sorted keys, positions and notes stripped), so the
 * same graph in any key or array order gives byte-identical output and the same hash.
 */
export function compileWorkflow(input: unknown): CompileResult {
  try {
    return compileUnsafe(input);
  } catch (e) {
    // A bug must still come back as a problem, never as a crash of the canvas.
    return {
      ok: false,
      problems: [
        {
          nodeId: null,
          path: [],
          code: "invalid_document",
          message: `internal compiler error: ${e instanceof Error ? e.message : String(e)}`,
        },
      ],
    };
  }
}

function compileUnsafe(input: unknown): CompileResult {
  const doc = GraphDocument.safeParse(input);
  if (!doc.success)
    return {
      ok: false,
      problems: sortProblems(
        zodProblems(doc.error, [], "invalid_document").map((p) => at(null, p)),
      ),
    };
  const { nodes, edges } = doc.data;
  const problems: Problem[] = [];

  const byId = new Map<string, { def: NodeDef; config: unknown }>();
  const seen = new Set<string>();
  const triggers: string[] = [];
  for (const n of nodes) {
    if (seen.has(n.id)) {
      problems.push({
        nodeId: n.id,
        path: [],
        code: "duplicate_id",
        message: `node id ${n.id} is used twice`,
      });
      continue;
    }
    seen.add(n.id);
    const def = nodeDef(n.type);
    if (!def) {
      problems.push({
        nodeId: n.id,
        path: ["type"],
        code: "unknown_node_type",
        message: `unknown node type ${JSON.stringify(n.type)}`,
      });
      continue;
    }
    if (n.typeVersion !== def.version) {
      problems.push({
        nodeId: n.id,
        path: ["typeVersion"],
        code: "unsupported_type_version",
        message: `${n.type} is at version ${def.version}, not ${n.typeVersion}`,
      });
      continue;
    }
    if (def.family === "trigger") triggers.push(n.id);
    const parsed = def.config.safeParse(n.config);
    if (!parsed.success) {
      problems.push(...zodProblems(parsed.error, ["config"]).map((p) => at(n.id, p)));
      byId.set(n.id, { def, config: undefined });
      continue;
    }
    byId.set(n.id, { def, config: parsed.data });
  }
  if (triggers.length === 0)
    problems.push({
      nodeId: null,
      path: [],
      code: "no_trigger",
      message: "add a trigger: every workflow starts with one",
    });
  for (const t of triggers.slice(1))
    problems.push({
      nodeId: t,
      path: [],
      code: "multiple_triggers",
      message: "a workflow has exactly one trigger; remove this one or split the workflow",
    });
  const triggerId = triggers[0];

  // Node checks see the trigger's scope (event fields, record entity).
  const trig = triggerId ? byId.get(triggerId) : undefined;
  const scope: CatalogScope =
    trig?.config !== undefined && trig.def.scope ? trig.def.scope(trig.config) : {};
  const env = checkEnvFor(scope);
  for (const [id, { def, config }] of byId) {
    if (config === undefined || !def.check) continue;
    problems.push(
      ...def.check(config, env).map((p) => at(id, { ...p, path: ["config", ...p.path] })),
    );
  }

  // Edges: every edge must join an existing output port to an existing input port, once.
  const next = new Map<string, Record<string, string>>();
  const edgeIds = new Set<string>();
  const pairs = new Set<string>();
  const incoming = new Map<string, number>();
  for (const e of edges) {
    const where = { nodeId: e.source, path: ["edges", e.id] };
    if (edgeIds.has(e.id)) {
      problems.push({ ...where, code: "duplicate_id", message: `edge id ${e.id} is used twice` });
      continue;
    }
    edgeIds.add(e.id);
    const src = byId.get(e.source);
    const dst = byId.get(e.target);
    if (!seen.has(e.source) || !seen.has(e.target)) {
      problems.push({
        nodeId: seen.has(e.source) ? e.source : null,
        path: ["edges", e.id],
        code: "dangling_edge",
        message: `edge ${e.id} connects to a missing node (${seen.has(e.source) ? e.target : e.source})`,
      });
      continue;
    }
    const pairKey = `${e.source}\u0000${e.sourcePort}\u0000${e.target}\u0000${e.targetPort}`;
    if (pairs.has(pairKey)) {
      problems.push({
        ...where,
        code: "duplicate_edge",
        message: `edge ${e.id} duplicates another edge`,
      });
      continue;
    }
    pairs.add(pairKey);
    if (!src || !dst) {
      // An end has its own problem (unknown type or version): its ports cannot be checked, but
      // the link still counts for reachability, so the nodes after it are not also "unreachable".
      const outs = next.get(e.source) ?? {};
      outs[e.sourcePort] ??= e.target;
      next.set(e.source, outs);
      continue;
    }
    if (
      src.config !== undefined &&
      !outputPorts(src.def, src.config).some((p) => p.id === e.sourcePort)
    ) {
      problems.push({
        ...where,
        code: "unknown_port",
        message: `${src.def.label} has no output “${e.sourcePort}”`,
      });
      continue;
    }
    if (!dst.def.inputs.some((p) => p.id === e.targetPort)) {
      problems.push({
        nodeId: e.target,
        path: ["edges", e.id],
        code: "unknown_port",
        message: `${dst.def.label} has no input “${e.targetPort}”${dst.def.family === "trigger" ? " (triggers start a workflow; nothing connects into them)" : ""}`,
      });
      continue;
    }
    const outs = next.get(e.source) ?? {};
    if (outs[e.sourcePort] !== undefined) {
      problems.push({
        ...where,
        code: "port_already_connected",
        message: `output “${e.sourcePort}” already leads to ${outs[e.sourcePort]}; a port leads to one node`,
      });
      continue;
    }
    outs[e.sourcePort] = e.target;
    next.set(e.source, outs);
    incoming.set(e.target, (incoming.get(e.target) ?? 0) + 1);
  }

  if (triggerId && byId.get(triggerId)?.config !== undefined && !next.get(triggerId)?.out)
    problems.push({
      nodeId: triggerId,
      path: [],
      code: "unconnected_port",
      message: "connect the trigger to the first step",
    });

  // Reachability and cycles from the trigger (iterative DFS: hostile graphs cannot blow the stack).
  if (triggerId) {
    const color = new Map<string, 1 | 2>();
    const stack: { id: string; kids: string[]; i: number }[] = [];
    const push = (id: string) => {
      color.set(id, 1);
      stack.push({
        id,
        kids: Object.keys(next.get(id) ?? {})
          .sort()
          .map((p) => next.get(id)![p]!),
        i: 0,
      });
    };
    push(triggerId);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (top.i >= top.kids.length) {
        color.set(top.id, 2);
        stack.pop();
        continue;
      }
      const k = top.kids[top.i++]!;
      const c = color.get(k);
      if (c === 1)
        problems.push({
          nodeId: k,
          path: [],
          code: "cycle",
          message: `a loop leads back to this node from ${top.id}; workflows run forward (use a wait to repeat later)`,
        });
      else if (c === undefined) push(k);
    }
    for (const id of seen)
      if (!color.has(id) && byId.get(id)?.def.family !== "trigger")
        problems.push({
          nodeId: id,
          path: [],
          code: "unreachable_node",
          message: incoming.has(id)
            ? "no path from the trigger reaches this node"
            : "connect this node: nothing leads to it",
        });
  }

  if (problems.length || !triggerId) return { ok: false, problems: sortProblems(problems) };

  const irNodes: Record<string, IrNode> = {};
  for (const [id, { def, config }] of byId) {
    irNodes[id] = {
      type: def.type,
      typeVersion: def.version,
      config: config as Record<string, unknown>,
      next: next.get(id) ?? {},
    };
  }
  const ir: WorkflowIr = {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    trigger: triggerId,
    nodes: irNodes,
  };
  // The returned IR is the canonical copy: exactly what storage will hand back.
  const canonical = canonicalize(ir);
  return {
    ok: true,
    ir: canonical.value as WorkflowIr,
    canonical: canonical.json,
    hash: sha256Hex(canonical.json),
    problems: [],
  };
}

function sortProblems(ps: Problem[]): Problem[] {
  const key = (p: Problem) =>
    `${p.nodeId ?? ""}\u0000${p.path.join(".")}\u0000${p.code}\u0000${p.message}`;
  return ps.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
