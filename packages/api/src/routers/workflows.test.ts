import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { describeEachBackend } from "@partnerflow/db/testing";
import { TEMPLATES } from "@partnerflow/workflow/fixtures";
import { createContext } from "../context.ts";
import { createCallerFactory } from "../trpc.ts";
import { appRouter } from "./root.ts";

const silent = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silent;
  },
};

async function rejection(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCError) return e;
    throw e;
  }
  throw new Error("expected a rejection");
}

describe("workflows router fixtures", () => {
  it("has templates to start from", () => {
    expect(TEMPLATES.length).toBeGreaterThanOrEqual(12);
  });
});

describeEachBackend("workflows router", (get) => {
  const caller = () =>
    createCallerFactory(appRouter)(createContext({ database: get(), logger: silent }));

  it("creates a blank workflow, lists and gets it", async () => {
    const api = caller();
    const { id } = await api.workflows.create({ name: "Blank one" });
    const wf = await api.workflows.get({ id });
    expect(wf).toMatchObject({ id, name: "Blank one", status: "draft", draftRevision: 0 });
    expect(wf.draft.nodes).toEqual([]);
    const list = await api.workflows.list({ search: "blank" });
    expect(list.map((w) => w.id)).toContain(id);
    expect(list.find((w) => w.id === id)).toMatchObject({ runs24h: 0, latestVersion: null });
  });

  it("saves drafts with optimistic concurrency", async () => {
    const api = caller();
    const tpl = TEMPLATES[1]!;
    const { id } = await api.workflows.create({ name: "Milestone", templateId: tpl.id });
    const first = await api.workflows.saveDraft({ id, graph: tpl.graph, baseRevision: 0 });
    expect(first.revision).toBe(1);
    const stale = await rejection(
      api.workflows.saveDraft({ id, graph: tpl.graph, baseRevision: 0 }),
    );
    expect(stale.code).toBe("CONFLICT");
    expect(stale.message).toBe(
      "This draft was changed elsewhere (revision 1). Reload to see the latest version.",
    );
  });

  it("refuses to publish a graph with problems and lists them", async () => {
    const api = caller();
    const { id } = await api.workflows.create({ name: "Empty" });
    const err = await rejection(api.workflows.publish({ id, note: "first" }));
    expect(err.code).toBe("BAD_REQUEST");
    const problems = (err.cause as unknown as { problems: { code: string }[] }).problems;
    expect(problems.map((p) => p.code)).toContain("no_trigger");
  });

  it("publishes immutable numbered versions, activates one, deactivates, exports", async () => {
    const api = caller();
    const tpl = TEMPLATES[0]!;
    const { id } = await api.workflows.create({ name: tpl.name, templateId: tpl.id });
    const v1 = await api.workflows.publish({ id, note: "first", author: "ana" });
    const v2 = await api.workflows.publish({ id, note: "second" });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(v1.hash).toBe(v2.hash);
    await api.workflows.activate({ id, version: 1 });
    let wf = await api.workflows.get({ id });
    expect(wf.status).toBe("active");
    expect(wf.versions.map((v) => [v.version, v.active])).toEqual([
      [2, false],
      [1, true],
    ]);
    await api.workflows.deactivate({ id });
    wf = await api.workflows.get({ id });
    expect([wf.status, wf.activeVersion]).toEqual(["inactive", null]);
    expect(await api.workflows.export({ id, version: 1 })).toEqual(tpl.graph);
    const missing = await rejection(api.workflows.activate({ id, version: 9 }));
    expect(missing.code).toBe("NOT_FOUND");
  });

  it("duplicates, renames and archives", async () => {
    const api = caller();
    const { id } = await api.workflows.create({ name: "Orig", templateId: TEMPLATES[2]!.id });
    const copy = await api.workflows.duplicate({ id });
    await api.workflows.rename({ id: copy.id, name: "Renamed" });
    await api.workflows.archive({ id });
    const list = await api.workflows.list({});
    expect(list.map((w) => w.id)).not.toContain(id);
    expect(list.find((w) => w.id === copy.id)?.name).toBe("Renamed");
    const all = await api.workflows.list({ includeArchived: true });
    expect(all.find((w) => w.id === id)?.status).toBe("archived");
  });

  it("test-runs a draft on the dry-run host and writes nothing", async () => {
    const api = caller();
    const tpl = TEMPLATES.find((t) => t.id === "welcome-partner")!;
    const r = await api.workflows.testRun({
      graph: tpl.graph,
      partnerId: "p-missing",
      event: { type: "partner.created", payload: { name: "Acme" } },
    });
    expect(r.problems).toEqual([]);
    expect(r.trace.length).toBeGreaterThan(0);
    expect(r.trace[0]!.nodeId).toBe("trigger");
    const bad = await api.workflows.testRun({
      graph: { nodes: [], edges: [] },
      partnerId: "p1",
      event: { type: "partner.created", payload: {} },
    });
    expect(bad.problems.length).toBeGreaterThan(0);
  });
});
