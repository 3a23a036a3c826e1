import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { describeEachBackend } from "@partnerflow/db/testing";
import { formatError } from "../errors.ts";
import { callerFor, PARTNERS, seed } from "../test/fixtures.ts";

/** Runs a call expected to fail and returns the TRPCError with the formatter's extra data. */
async function failure(p: Promise<unknown>) {
  const err = await p.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCError);
  const e = err as TRPCError;
  return { code: e.code, message: e.message, ...formatError(e) };
}

describeEachBackend("api routers", (get) => {
  let api: ReturnType<typeof callerFor>;
  beforeAll(async () => {
    await seed(get());
    api = callerFor(get());
  });

  describe("partners.list", () => {
    it("lists every partner by name with the total", async () => {
      const page = await api.partners.list();
      expect(page.items.map((p) => p.id)).toEqual(PARTNERS.map((p) => p.id));
      expect(page.total).toBe(PARTNERS.length);
      expect(page.nextCursor).toBeNull();
    });

    it.each([
      [{ tier: "Silver" as const }, ["p-delta", "p-echo"]],
      [{ region: "NA" as const }, ["p-acme", "p-delta"]],
      [{ status: "onboarding" as const }, ["p-echo"]],
      [{ search: "ECHO" }, ["p-echo"]],
      [{ search: "100%" }, ["p-blue"]],
      [{ search: "%" }, ["p-blue"]],
      [{ region: "NA" as const, tier: "Gold" as const }, ["p-acme"]],
    ])("filters %j", async (filter, ids) => {
      const page = await api.partners.list(filter);
      expect(page.items.map((p) => p.id)).toEqual(ids);
      expect(page.total).toBe(ids.length);
    });

    it.each([
      ["tier", "desc", ["p-cobalt", "p-acme", "p-echo", "p-delta", "p-blue"]],
      ["createdAt", "asc", ["p-cobalt", "p-acme", "p-echo", "p-blue", "p-delta"]],
      ["region", "asc", ["p-cobalt", "p-blue", "p-echo", "p-acme", "p-delta"]],
      ["name", "desc", ["p-echo", "p-delta", "p-cobalt", "p-blue", "p-acme"]],
    ] as const)("sorts by %s %s", async (sort, dir, ids) => {
      const page = await api.partners.list({ sort, dir });
      expect(page.items.map((p) => p.id)).toEqual(ids);
    });

    it.each(["name", "tier", "createdAt", "region"] as const)(
      "pages by %s with a cursor: every partner once, in the single-page order",
      async (sort) => {
        const whole = await api.partners.list({ sort, dir: "desc", limit: 100 });
        const seen: string[] = [];
        let cursor: string | null = null;
        for (let i = 0; i < 10; i++) {
          const page: Awaited<ReturnType<typeof api.partners.list>> = await api.partners.list({
            sort,
            dir: "desc",
            limit: 2,
            cursor,
          });
          seen.push(...page.items.map((p) => p.id));
          cursor = page.nextCursor;
          if (!cursor) break;
        }
        expect(seen).toEqual(whole.items.map((p) => p.id));
      },
    );

    it.each([
      [{ limit: 101 }, "limit"],
      [{ limit: 0 }, "limit"],
      [{ tier: "Diamond" }, "tier"],
      [{ sort: "revenue" }, "sort"],
      [{ cursor: "not-a-cursor" }, "cursor"],
    ])("refuses %j naming the field", async (input, path) => {
      const f = await failure(api.partners.list(input as never));
      expect(f.code).toBe("BAD_REQUEST");
      expect(f.issues?.map((i) => i.path)).toContain(path);
    });
  });

  describe("partners.byId", () => {
    it("answers profile, metrics as of now and counts", async () => {
      const detail = await api.partners.byId({ id: "p-acme" });
      expect(detail.partner.name).toBe("Acme Resale");
      const metric = (key: string) => detail.metrics.find((m) => m.key === key);
      // Only the two April/May sales fall in Q2 2026; the January one is in the trailing year.
      expect(metric("sales_amount:quarter")?.money?.amount).toBe("1500.50");
      expect(metric("sales_amount:365d")?.money?.amount).toBe("2000.50");
      expect(metric("certifications_held")?.value).toBe(1);
      expect(detail.counts).toMatchObject({ sales: 3, certifications: 1, rewards: 2, deals: 0 });
      expect(detail.counts.events).toBe(7);
    });

    it("is NOT_FOUND for an unknown id", async () => {
      const f = await failure(api.partners.byId({ id: "p-nope" }));
      expect(f.code).toBe("NOT_FOUND");
    });
  });

  describe("partners.timeline", () => {
    it("lists the partner's events newest first, page by page", async () => {
      const first = await api.partners.timeline({ id: "p-acme", limit: 3 });
      expect(first.items.map((e) => e.type)).toEqual([
        "sale.recorded",
        "reward.issued",
        "reward.issued",
      ]);
      expect(first.items[0]?.label).toBe("Sale recorded");
      const rest = await api.partners.timeline({
        id: "p-acme",
        limit: 50,
        cursor: first.nextCursor,
      });
      const all = [...first.items, ...rest.items];
      expect(all).toHaveLength(7);
      const times = all.map((e) => e.occurredAt.getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(all.at(-1)?.type).toBe("partner.created");
    });
  });

  describe("rewards", () => {
    it("lists a partner's ledger and totals per currency, kind and status", async () => {
      const list = await api.rewards.list({ partnerId: "p-acme" });
      expect(list.items.map((r) => r.id)).toEqual(["r-2", "r-1"]);
      expect(list.items[0]?.amount).toEqual({ amount: "150.00", currency: "EUR", minor: 15000 });
      const totals = await api.rewards.totals({ partnerId: "p-acme" });
      expect(totals).toEqual([
        {
          currency: "EUR",
          kind: "rebate",
          status: "approved",
          count: 1,
          amount: { amount: "150.00", currency: "EUR", minor: 15000 },
          points: 0,
        },
        {
          currency: "USD",
          kind: "cash_bonus",
          status: "pending",
          count: 1,
          amount: { amount: "2000.00", currency: "USD", minor: 200000 },
          points: 0,
        },
      ]);
    });
  });

  describe("catalog.get", () => {
    it("is plain JSON with entities, event types and metrics", async () => {
      const catalog = await api.catalog.get();
      expect(JSON.parse(JSON.stringify(catalog))).toEqual(catalog);
      const sale = catalog.eventTypes.find((t) => t.type === "sale.recorded");
      expect(sale?.fields["amount"]?.type).toBe("money");
      expect(Object.keys(catalog.metrics)).toContain("sales_amount");
    });
  });

  describe("mutations go through the service and leave an event", () => {
    it("registers a deal, wins it and shows both in the lists and the feed", async () => {
      const reg = await api.deals.register({
        partnerId: "p-delta",
        dealId: "d-1",
        customer: "Initech",
        amount: { amount: "42000.00", currency: "EUR" },
        productLine: "cloud",
      });
      expect(reg).toMatchObject({ dealId: "d-1", duplicate: false });
      await api.deals.setStatus({ dealId: "d-1", status: "approved" });
      const won = await api.deals.setStatus({ dealId: "d-1", status: "won" });
      expect(won.seq).toBeGreaterThan(reg.seq);
      const deals = await api.deals.list({ partnerId: "p-delta" });
      expect(deals.items).toHaveLength(1);
      expect(deals.items[0]).toMatchObject({
        status: "won",
        amount: { amount: "42000.00", currency: "EUR" },
      });
      const feed = await api.events.recent({ limit: 100 });
      const mine = feed.items.filter((e) => e.partnerId === "p-delta").map((e) => e.type);
      expect(mine).toEqual(expect.arrayContaining(["deal.registered", "deal.status_changed"]));
    });

    it("answers a replayed idempotency key with the first seq", async () => {
      const input = {
        partnerId: "p-delta",
        saleId: "s-idem",
        amount: { amount: "10.00", currency: "USD" as const },
        productLine: "core" as const,
        idempotencyKey: "client-retry-1",
      };
      const a = await api.sales.record(input);
      const b = await api.sales.record(input);
      expect(b).toMatchObject({ seq: a.seq, duplicate: true });
    });

    it("creates a partner and changes its tier", async () => {
      const created = await api.partners.create({
        name: "Foxtrot Partners",
        tier: "Registered",
        region: "EMEA",
        country: "DE",
        type: "msp",
        status: "active",
      });
      await api.partners.setTier({ id: created.id, tier: "Silver", reason: "manual" });
      const detail = await api.partners.byId({ id: created.id });
      expect(detail.partner.tier).toBe("Silver");
    });

    it.each([
      [
        "a wrong currency code",
        () =>
          api.sales.record({
            partnerId: "p-acme",
            amount: { amount: "1.00", currency: "XYZ" as never },
            productLine: "core",
          }),
        "amount.currency",
      ],
      [
        "a negative quantity",
        () =>
          api.sales.record({
            partnerId: "p-acme",
            amount: { amount: "1.00", currency: "USD" },
            productLine: "core",
            quantity: -1,
          }),
        "quantity",
      ],
      [
        "an unknown reward status",
        () => api.rewards.setStatus({ rewardId: "r-1", status: "lost" as never }),
        "status",
      ],
    ])("refuses %s naming the field", async (_what, call, path) => {
      const f = await failure(call());
      expect(f.code).toBe("BAD_REQUEST");
      expect(f.issues?.map((i) => i.path)).toContain(path);
    });

    it("maps domain refusals to tRPC codes with the domain code", async () => {
      const missing = await failure(
        api.deals.register({
          partnerId: "p-ghost",
          customer: "Nobody",
          amount: { amount: "1.00", currency: "USD" },
          productLine: "core",
        }),
      );
      expect(missing).toMatchObject({ code: "NOT_FOUND", domainCode: "PARTNER_NOT_FOUND" });
      expect(missing.issues).toEqual([{ path: "partnerId", message: missing.message }]);
      const illegal = await failure(api.deals.setStatus({ dealId: "d-1", status: "submitted" }));
      expect(illegal).toMatchObject({ code: "CONFLICT", domainCode: "INVALID_TRANSITION" });
    });
  });
});
