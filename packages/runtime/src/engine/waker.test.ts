import { describe, expect, it } from "vitest";
import type { Database } from "@partnerflow/db";
import { silentLogger } from "../resources.ts";
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
    // A notification that came during the pass ends the next sleep at once.
    await waker.sleep(60_000, 1);
    await waker.close();
  });
});
