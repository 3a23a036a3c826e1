import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { schema } from "@partnerflow/db";
import { describeEachBackend } from "@partnerflow/db/testing";
import { runUntilIdle } from "../runtime.ts";
import { liveWorkflow, partnerCreated, record, sale } from "../../test/helpers.ts";

const pos = { x: 0, y: 0 };
const tierIs = (tier: string) => ({
  condition: {
    kind: "group",
    combinator: "all",
    children: [
      {
        kind: "clause",
        left: { source: "partner", field: "tier" },
        op: "eq",
        right: { kind: "literal", value: tier },
      },
    ],
  },
});
const node = (id: string, type: string, config: Record<string, unknown>) => ({
  id,
  type,
  typeVersion: 1,
  config,
  position: pos,
});

// Registered? → set Gold → Gold? → email: the second condition reads the partner AFTER the
// run's own tier change, in the same run (the host's memo must forget the partner).
const GRAPH = {
  nodes: [
    node("t", "trigger.event", { eventType: "sale.recorded" }),
    node("c1", "logic.condition", tierIs("Registered")),
    node("s", "action.set_tier", { tier: "Gold", direction: "any", reason: "test" }),
    node("c2", "logic.condition", tierIs("Gold")),
    node("m", "action.send_email", { to: "partner", template: "t", subject: "Hi", body: "Gold" }),
  ],
  edges: [
    { id: "e1", source: "t", sourcePort: "out", target: "c1", targetPort: "in" },
    { id: "e2", source: "c1", sourcePort: "true", target: "s", targetPort: "in" },
    { id: "e3", source: "s", sourcePort: "changed", target: "c2", targetPort: "in" },
    { id: "e4", source: "c2", sourcePort: "true", target: "m", targetPort: "in" },
  ],
};

describeEachBackend("live host reads within one run", (get) => {
  it("sees the run's own partner change, and writes the email delivered_local without SMTP", async () => {
    const database = get();
    await liveWorkflow(database, GRAPH);
    const created = partnerCreated();
    const pid = created.partnerId!;
    await record(database, [created]);
    await record(database, [sale(pid, "10.00", "2026-02-02T10:00:00Z", `s-${pid}`)]);
    await runUntilIdle({ database, clock: () => new Date("2026-02-02T10:00:01Z") });
    const [partner] = await database.db
      .select()
      .from(schema.partners)
      .where(eq(schema.partners.id, pid));
    expect(partner?.tier).toBe("Gold");
    const mails = await database.db
      .select()
      .from(schema.outbox)
      .where(eq(schema.outbox.partnerId, pid));
    expect(mails.map((m) => [m.channel, m.status, m.attempts])).toEqual([
      ["email", "delivered_local", 0],
    ]);
    expect(mails[0]?.deliveredAt?.toISOString()).toBe("2026-02-02T10:00:01.000Z");
  });
});
