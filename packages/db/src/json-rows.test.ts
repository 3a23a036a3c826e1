import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { insertJsonRows, schema } from "./index.ts";
import { describeEachBackend } from "./testing.ts";

describeEachBackend("insertJsonRows", (get) => {
  it("inserts the given columns, defaults the others, keeps jsonb and instants, and skips conflicts", async () => {
    const { db } = get();
    const at = new Date("2026-03-01T10:00:00.123Z");
    const row = (key: string, text: string) => ({
      channel: "email",
      idempotencyKey: key,
      partnerId: null,
      payload: { text, nested: { list: [1, "two", null] } },
      nextAttemptAt: at,
    });
    await insertJsonRows(db, schema.outbox, [row("j1", "first"), row("j2", 'tab\tand "quote"')]);
    // The same key again: nothing changes, no error.
    await insertJsonRows(db, schema.outbox, [row("j1", "replaced?")], {
      onConflict: { do: "nothing" },
    });
    const rows = await db.select().from(schema.outbox).where(eq(schema.outbox.channel, "email"));
    const byKey = new Map(rows.map((r) => [r.idempotencyKey, r]));
    expect(byKey.get("j1")).toMatchObject({
      payload: { text: "first", nested: { list: [1, "two", null] } },
      status: "pending",
      attempts: 0,
      nextAttemptAt: at,
      deliveredAt: null,
    });
    expect(byKey.get("j2")?.payload).toEqual({
      text: 'tab\tand "quote"',
      nested: { list: [1, "two", null] },
    });
    // `returning` answers only the rows really written: j1 is skipped on conflict.
    const written = await insertJsonRows(
      db,
      schema.outbox,
      [row("j1", "again"), row("j3", "new")],
      {
        onConflict: { do: "nothing" },
        returning: schema.outbox.idempotencyKey,
      },
    );
    expect(written).toEqual(["j3"]);
    await expect(insertJsonRows(db, schema.outbox, [{ nope: 1 }])).rejects.toThrow(
      "nope is not a column",
    );
  });
});
