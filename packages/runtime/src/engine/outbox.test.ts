import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, schema, type Database } from "@partnerflow/db";
import { describeEachBackend } from "@partnerflow/db/testing";
import { runtimeResources } from "../runtime.ts";
import { isPrivateAddress, refuseInternalTarget } from "./address-guard.ts";
import { deliverOutbox, WEBHOOK_ALLOW_SETTING } from "./outbox.ts";

/** A receiver on loopback that answers with the statuses it is given, in turn. */
interface Receiver {
  url: string;
  seen: { headers: IncomingHttpHeaders; body: string }[];
  answers: number[];
}

let server: Server;
const receiver: Receiver = { url: "", seen: [], answers: [] };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      receiver.seen.push({ headers: req.headers, body });
      res.statusCode = receiver.answers.shift() ?? 200;
      res.end("ok");
    });
  });
  await new Promise<void>((res) => server.listen(0, "127.0.0.1", res));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
  await new Promise<void>((res) => server.close(() => res()));
});

async function queueWebhook(database: Database, key: string, body: object) {
  await database.db.insert(schema.outbox).values({
    channel: "webhook",
    idempotencyKey: key,
    payload: { url: receiver.url, method: "POST", body: JSON.stringify(body) },
  });
}

async function outboxRow(database: Database, key: string) {
  const [row] = await database.db
    .select()
    .from(schema.outbox)
    .where(eq(schema.outbox.idempotencyKey, key));
  return row!;
}

async function allowLoopback(database: Database) {
  await database.db
    .insert(schema.settings)
    .values({ key: WEBHOOK_ALLOW_SETTING, value: ["127.0.0.1"] })
    .onConflictDoUpdate({ target: schema.settings.key, set: { value: ["127.0.0.1"] } });
}

const SECRET = "s3cret-for-tests";

describeEachBackend("outbox webhook delivery", (get) => {
  it("refuses a loopback target unless an admin allows the host, and never retries a refusal", async () => {
    const database = get();
    const r = runtimeResources({ database });
    receiver.seen = [];
    await queueWebhook(database, "wh-refused", { n: 1 });
    expect(await deliverOutbox(r, {})).toBe(1);
    const row = await outboxRow(database, "wh-refused");
    expect(row.status).toBe("failed");
    expect(row.lastError).toContain("refused: 127.0.0.1 resolves to a private or loopback address");
    expect(receiver.seen).toHaveLength(0);
    expect(await deliverOutbox(r, {})).toBe(0);
  });

  it("signs the body with HMAC-SHA256 and sends the idempotency key; a failure is retried later with backoff, under the same key", async () => {
    const database = get();
    await allowLoopback(database);
    const r = runtimeResources({ database });
    receiver.seen = [];
    receiver.answers = [500, 200];
    const body = { event: "partner.tier_changed", partnerId: "p1", tier: "Gold" };
    await queueWebhook(database, "wh-retry", body);

    expect(await deliverOutbox(r, { webhookSecret: SECRET })).toBe(1);
    let row = await outboxRow(database, "wh-retry");
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "HTTP 500" });
    // Backoff: not due again right away.
    const [due] = await queryRows<{ later: boolean }>(
      database.db,
      sql`select next_attempt_at > now() as later from outbox where idempotency_key = 'wh-retry'`,
    );
    expect(due?.later).toBe(true);
    expect(await deliverOutbox(r, { webhookSecret: SECRET })).toBe(0);

    await database.db
      .update(schema.outbox)
      .set({ nextAttemptAt: sql`now()` })
      .where(eq(schema.outbox.idempotencyKey, "wh-retry"));
    expect(await deliverOutbox(r, { webhookSecret: SECRET })).toBe(1);
    row = await outboxRow(database, "wh-retry");
    expect(row).toMatchObject({ status: "delivered", attempts: 2, lastError: null });

    expect(receiver.seen).toHaveLength(2);
    const expected = `sha256=${createHmac("sha256", SECRET).update(JSON.stringify(body)).digest("hex")}`;
    for (const request of receiver.seen) {
      expect(JSON.parse(request.body)).toEqual(body);
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.headers["idempotency-key"]).toBe("wh-retry");
      expect(request.headers["x-partnerflow-idempotency-key"]).toBe("wh-retry");
      expect(request.headers["x-partnerflow-signature"]).toBe(expected);
    }
  });

  it("gives a message up as failed after maxAttempts", async () => {
    const database = get();
    await allowLoopback(database);
    const r = runtimeResources({ database });
    receiver.seen = [];
    receiver.answers = [503, 503];
    await queueWebhook(database, "wh-give-up", { n: 2 });
    for (let i = 0; i < 2; i++) {
      await database.db
        .update(schema.outbox)
        .set({ nextAttemptAt: sql`now()` })
        .where(eq(schema.outbox.idempotencyKey, "wh-give-up"));
      expect(await deliverOutbox(r, { maxAttempts: 2 })).toBe(1);
    }
    expect(await outboxRow(database, "wh-give-up")).toMatchObject({
      status: "failed",
      attempts: 2,
      lastError: "HTTP 503",
    });
    expect(receiver.seen).toHaveLength(2);
  });
});

describe("refuseInternalTarget", () => {
  const resolveTo =
    (...addresses: string[]) =>
    () =>
      Promise.resolve(addresses);
  it.each([
    ["http://10.0.0.5/x", resolveTo(), "private or loopback address (10.0.0.5)"],
    ["http://[::1]/x", resolveTo(), "private or loopback address (::1)"],
    ["http://169.254.169.254/latest", resolveTo(), "(169.254.169.254)"],
    ["http://hooks.example/x", resolveTo("93.184.216.34", "192.168.1.9"), "(192.168.1.9)"],
    ["http://hooks.example/x", resolveTo("::ffff:127.0.0.1"), "(::ffff:127.0.0.1)"],
    ["ftp://hooks.example/x", resolveTo("93.184.216.34"), "scheme ftp: is not allowed"],
  ])("refuses %s", async (url, resolve, reason) => {
    expect(await refuseInternalTarget(new URL(url), [], resolve)).toContain(reason);
  });

  it("allows a public address, and an internal host an admin put on the allow-list", async () => {
    expect(
      await refuseInternalTarget(
        new URL("https://hooks.example/x"),
        [],
        resolveTo("93.184.216.34"),
      ),
    ).toBeNull();
    expect(
      await refuseInternalTarget(
        new URL("http://crm.internal/x"),
        ["crm.internal"],
        resolveTo("10.1.2.3"),
      ),
    ).toBeNull();
  });

  it("classifies addresses", () => {
    for (const a of [
      "127.0.0.1",
      "10.2.3.4",
      "172.16.0.1",
      "192.168.0.1",
      "100.64.0.1",
      "fd00::1",
      "fe80::1",
      "0.0.0.0",
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ["93.184.216.34", "8.8.8.8", "2606:4700::1111"]) {
      expect(isPrivateAddress(a), a).toBe(false);
    }
  });
});
