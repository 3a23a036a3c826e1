import { describe, expect, it } from "vitest";
import type { Database } from "@partnerflow/db";
import { silentLogger } from "../resources.ts";
import { allBoring, learnInterest } from "./interest.ts";
import { RUNTIME_CHANNEL, Waker } from "./waker.ts";

/** A database whose LISTEN hands the test the notification callback. */
function fakeDatabase() {
  const listeners: ((payload: string) => void)[] = [];
  const database = {
    sql: null,
    pglite: {
      listen: (channel: string, cb: (payload: string) => void) => {
        expect(channel).toBe(RUNTIME_CHANNEL);
        listeners.push(cb);
        return Promise.resolve(() => Promise.resolve());
      },
    },
  } as unknown as Database;
  return { database, notify: (payload: string) => listeners.forEach((cb) => cb(payload)) };
}

describe("Waker", () => {
  it("wakes a sleeping loop on any notification and counts those for inserted runs apart", async () => {
    const { database, notify } = fakeDatabase();
    const waker = new Waker();
    await waker.listen(database, silentLogger);
    const sleeping = waker.sleep(60_000, waker.notified);
    notify("events");
    await sleeping; // woken, long before its 60 s
    expect([waker.notified, waker.runsNotified]).toEqual([1, 0]);
    notify("runs");
    expect([waker.notified, waker.runsNotified]).toEqual([2, 1]);
    // Triggers changed: what the dispatcher learned about uninteresting types is forgotten.
    learnInterest(database, ["reward.issued"], () => false);
    expect(allBoring(database, ["reward.issued"])).toBe(true);
    notify("workflow_triggers");
    expect([waker.notified, waker.runsNotified]).toEqual([3, 1]);
    expect(allBoring(database, ["reward.issued"])).toBe(false);
    // A notification that came during the pass ends the next sleep at once.
    await waker.sleep(60_000, 2);
    await waker.close();
  });
});
