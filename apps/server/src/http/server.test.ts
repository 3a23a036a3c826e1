import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { schema, queryRows } from "@partnerflow/db";
import { describeEachBackend } from "@partnerflow/db/testing";
import { startServer, type RunningServer } from "./server.ts";

const KEY = "test-key-0123456789abcdef";

const webDist = mkdtempSync(join(tmpdir(), "pf-web-"));
mkdirSync(join(webDist, "assets"));
writeFileSync(join(webDist, "index.html"), "<!doctype html><title>Partnerflow app</title>");
writeFileSync(join(webDist, "assets", "app-123.js"), "console.log('app')");

const partnerCreated = (id: string, key = `create-${id}`) => ({
  type: "partner.created",
  partnerId: id,
  idempotencyKey: key,
  occurredAt: "2026-01-05T09:00:00Z",
  payload: {
    name: `Partner ${id}`,
    tier: "Silver",
    region: "EMEA",
    country: "DE",
    type: "reseller",
    status: "active",
  },
});

const sale = (overrides: Record<string, unknown> = {}) => ({
  type: "sale.recorded",
  partnerId: "p-http",
  idempotencyKey: `sale-${Math.random()}`,
  payload: {
    saleId: `s-${Math.random().toString(36).slice(2)}`,
    amount: { amount: "99.90", currency: "EUR" },
    productLine: "core",
    ...overrides,
  },
});

describeEachBackend("http server", (get) => {
  let server: RunningServer;
  const post = (path: string, body: string, key: string | null = KEY) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body,
    });
  const eventCount = async (key: string) => {
    const rows = await get()
      .db.select()
      .from(schema.events)
      .where(eq(schema.events.idempotencyKey, key));
    return rows.length;
  };

  beforeAll(async () => {
    server = await startServer({ database: get(), port: 0, apiKey: KEY, webDist });
  });
  afterAll(async () => {
    await server.close();
  });

  it("answers health with the backend kind", async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, db: get().kind });
  });

  it.each([
    ["no Authorization header", null],
    ["a wrong key", "wrong-key-wrong-key-wrong"],
  ])("refuses ingestion with %s (401)", async (_what, key) => {
    const res = await post("/api/events", JSON.stringify(partnerCreated("p-401")), key);
    expect(res.status).toBe(401);
    expect(await eventCount("create-p-401")).toBe(0);
  });

  it("records an event and answers a replay with the same seq", async () => {
    const body = JSON.stringify(partnerCreated("p-http"));
    const first = await post("/api/events", body);
    expect(first.status).toBe(200);
    const a = (await first.json()) as { ok: boolean; seq: number; duplicate: boolean };
    expect(a).toMatchObject({ ok: true, duplicate: false });
    const again = await post("/api/events", body);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ...a, duplicate: true });
    expect(await eventCount("create-p-http")).toBe(1);
  });

  it.each([
    ["an unknown event type", { ...sale(), type: "sale.teleported" }, "type"],
    [
      "an unknown event type without a payload",
      { type: "sale.teleported", idempotencyKey: "k-no-payload" },
      "type",
    ],
    ["a sale without a payload", { ...sale(), payload: undefined }, "payload.saleId"],
    [
      "a wrong currency code",
      sale({ amount: { amount: "1.00", currency: "EURO" } }),
      "payload.amount.currency",
    ],
    ["a negative quantity", sale({ quantity: -3 }), "payload.quantity"],
    ["a missing idempotency key", { ...sale(), idempotencyKey: undefined }, "idempotencyKey"],
  ])("answers 400 for %s naming %s", async (_what, event, path) => {
    const res = await post("/api/events", JSON.stringify(event));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { ok: false; issues: { path: string }[] };
    expect(body.ok).toBe(false);
    expect(body.issues.map((i) => i.path)).toContain(path);
  });

  it("answers 409 when the partner does not exist", async () => {
    const res = await post("/api/events", JSON.stringify({ ...sale(), partnerId: "p-ghost" }));
    expect(res.status).toBe(409);
  });

  it("answers 413 for an event over 1 MB", async () => {
    const big = sale({ sku: "x".repeat(1_100_000) });
    const res = await post("/api/events", JSON.stringify(big));
    expect(res.status).toBe(413);
    expect(await eventCount(big.idempotencyKey)).toBe(0);
  });

  it("records an NDJSON batch", async () => {
    const lines = [sale(), sale(), partnerCreated("p-batch")];
    const res = await post(
      "/api/events/batch",
      `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, count: 3, recorded: 3, duplicates: 0 });
  });

  it("refuses a batch with a malformed line by line number and records nothing", async () => {
    const good = sale();
    const text = [JSON.stringify(good), "{not json", JSON.stringify(sale({ quantity: -1 }))].join(
      "\n",
    );
    const res = await post("/api/events/batch", text);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { issues: { line: number; path: string }[] };
    expect(body.issues.map((i) => [i.line, i.path])).toEqual([
      [2, "(root)"],
      [3, "payload.quantity"],
    ]);
    expect(await eventCount(good.idempotencyKey)).toBe(0);
  });

  it("serves tRPC under /trpc with field-named input errors", async () => {
    // Replaying the creation keeps this test independent of the order the others ran in.
    expect((await post("/api/events", JSON.stringify(partnerCreated("p-http")))).status).toBe(200);
    const ok = await fetch(`${server.url}/trpc/partners.list`);
    expect(ok.status).toBe(200);
    const page = (await ok.json()) as { result: { data: { items: { id: string }[] } } };
    expect(page.result.data.items.map((p) => p.id)).toContain("p-http");
    const input = encodeURIComponent(JSON.stringify({ limit: 500 }));
    const bad = await fetch(`${server.url}/trpc/partners.list?input=${input}`);
    expect(bad.status).toBe(400);
    const err = (await bad.json()) as {
      error: { message: string; data: { issues: { path: string }[] } };
    };
    expect(err.error.data.issues.map((i) => i.path)).toEqual(["limit"]);
    expect(err.error.message).toMatch(/^limit: /);
  });

  it.each([
    ["/", 200, "text/html", "Partnerflow app"],
    ["/partners/p-http", 200, "text/html", "Partnerflow app"],
    ["/assets/app-123.js", 200, "text/javascript", "console.log"],
    ["/assets/missing.js", 404, "text/plain", "not found"],
    ["/..%2f..%2fpackage.json", 404, "text/plain", "not found"],
    ["/api/nothing-here", 404, "application/json", "no endpoint"],
  ])("GET %s → %i %s", async (path, status, type, text) => {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toContain(type);
    expect(await res.text()).toContain(text);
  });
});

describeEachBackend("http server without a configured key", (get) => {
  it("generates a key once, stores only its hash, and accepts it after a restart", async () => {
    const first = await startServer({ database: get(), port: 0, webDist: "/nonexistent" });
    await first.close();
    expect(first.apiKey.kind).toBe("generated");
    const key = first.apiKey.kind === "generated" ? first.apiKey.key : "";
    const rows = await queryRows<{ value: unknown }>(get().db, sql`select value from settings`);
    expect(JSON.stringify(rows)).not.toContain(key);

    const second = await startServer({ database: get(), port: 0, webDist: "/nonexistent" });
    try {
      expect(second.apiKey.kind).toBe("stored");
      const res = await fetch(`${second.url}/api/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}` },
        body: JSON.stringify(partnerCreated("p-gen")),
      });
      expect(res.status).toBe(200);
      const page = await fetch(`${second.url}/`);
      expect(await page.text()).toContain("npm run build:web");
    } finally {
      await second.close();
    }
  });
});

describe("http server health without a database", () => {
  it("answers 503 when select 1 fails", async () => {
    const { createTestDatabase } = await import("@partnerflow/db/testing");
    const database = await createTestDatabase("pglite");
    const server = await startServer({ database, port: 0, apiKey: KEY, webDist });
    await database.close();
    try {
      const res = await fetch(`${server.url}/api/health`);
      expect(res.status).toBe(503);
    } finally {
      await server.close();
    }
  });
});
