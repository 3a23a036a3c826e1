import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, count, desc, eq, ilike, sql } from "drizzle-orm";
import type { Locator, Page } from "playwright-core";
import { schema } from "@partnerflow/db";
import { EVENT_TYPES, isEventType, TIERS } from "@partnerflow/domain";
import {
  launchBrowser,
  publishScreenshot,
  screenshot,
  startTestApp,
  type TestApp,
  type TestBrowser,
} from "./harness.ts";

const { partners, events } = schema;
/** The list's page size (partners-page.tsx); the demo has more partners than one page. */
const PAGE_SIZE = 25;
/** A fixed end of history and API clock: the same pages (and README screenshot) every run. */
const END = new Date("2026-06-30T15:00:00Z");
const DEMO = { partners: 30, years: 1, seed: 7, endDate: END };

let app: TestApp;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  app = await startTestApp({ demo: DEMO, now: () => END });
  browser = await launchBrowser();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Waits (polling) until the locator matches exactly `n` elements. */
async function expectCount(locator: Locator, n: number): Promise<void> {
  await expect.poll(() => locator.count(), { timeout: 15_000 }).toBe(n);
}

const rows = () => page.getByTestId("partner-row");

describe("partners in the browser", () => {
  it("lists the demo partners from the database, first page sorted by name", async () => {
    const all = await app.database.db
      .select({ id: partners.id, name: partners.name })
      .from(partners)
      .orderBy(asc(partners.name), asc(partners.id));
    expect(all).toHaveLength(DEMO.partners);

    await page.goto(`${app.url}/partners`);
    await page.getByRole("heading", { name: "Partners", level: 1 }).waitFor();
    await expectCount(rows(), PAGE_SIZE);
    await page.getByText(`${DEMO.partners} partners match`).waitFor();
    expect(await rows().first().getByRole("link").textContent()).toBe(all[0]!.name);
    const shot = await screenshot(page, "partners-list");
    await publishScreenshot(shot, "screenshot.png");

    await page.getByRole("button", { name: "Load more" }).click();
    await expectCount(rows(), DEMO.partners);
    expect(await rows().last().getByRole("link").textContent()).toBe(all.at(-1)!.name);
  });

  it("narrows the list by search and by tier", async () => {
    // A name word that some, but not all, partners share.
    const [sample] = await app.database.db
      .select({ name: partners.name })
      .from(partners)
      .orderBy(asc(partners.id))
      .limit(1);
    const term = sample!.name.split(" ")[0]!;
    const [matching] = await app.database.db
      .select({ n: count() })
      .from(partners)
      .where(ilike(partners.name, `%${term}%`));
    expect(matching!.n).toBeGreaterThan(0);
    expect(matching!.n, `"${term}" should not match every partner`).toBeLessThan(DEMO.partners);

    await page.goto(`${app.url}/partners`);
    await expectCount(rows(), PAGE_SIZE);
    await page.getByLabel("Search", { exact: true }).fill(term);
    await expectCount(rows(), Math.min(matching!.n, PAGE_SIZE));
    await expect.poll(() => page.url()).toContain(`q=${encodeURIComponent(term)}`);
    for (const text of await rows().getByRole("link").allTextContents()) {
      expect(text.toLowerCase()).toContain(term.toLowerCase());
    }

    // Tier: pick the most common tier that is not every partner's, so the filter must cut.
    const perTier = await app.database.db
      .select({ tier: partners.tier, n: count() })
      .from(partners)
      .groupBy(partners.tier)
      .orderBy(desc(count()));
    const tier = perTier.find((t) => t.n < DEMO.partners);
    expect(tier, "the demo should spread partners over several tiers").toBeDefined();
    expect(TIERS).toContain(tier!.tier);
    await page.getByLabel("Search", { exact: true }).fill("");
    await page.getByLabel("Tier", { exact: true }).selectOption(tier!.tier);
    await expectCount(rows(), Math.min(tier!.n, PAGE_SIZE));
    const badges = await rows().locator(".badge[class*='tier-']").allTextContents();
    expect(new Set(badges)).toEqual(new Set([tier!.tier]));

    // Sorting by tier puts the highest tier held by anyone first.
    const highest = [...TIERS].reverse().find((t) => perTier.some((p) => p.tier === t));
    await page.getByLabel("Tier", { exact: true }).selectOption("");
    await page.getByLabel("Sort by").selectOption("tier");
    await expect.poll(() => page.url()).toContain("sort=tier");
    await expect
      .poll(() => rows().first().locator(".badge[class*='tier-']").textContent(), {
        timeout: 15_000,
      })
      .toBe(highest);
  });

  it("is keyboard reachable: skip link first, then the navigation", async () => {
    await page.goto(`${app.url}/partners`);
    await expectCount(rows(), PAGE_SIZE);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Workflows");
  });

  it("opens a partner: profile, metrics and timeline from the log", async () => {
    const [busiest] = await app.database.db
      .select({ id: events.partnerId, n: count() })
      .from(events)
      .where(sql`${events.partnerId} is not null`)
      .groupBy(events.partnerId)
      .orderBy(desc(count()), asc(events.partnerId))
      .limit(1);
    const partnerId = busiest!.id!;
    const [partner] = await app.database.db
      .select()
      .from(partners)
      .where(eq(partners.id, partnerId));
    const [latest] = await app.database.db
      .select({ type: events.type })
      .from(events)
      .where(and(eq(events.partnerId, partnerId)))
      .orderBy(desc(events.occurredAt), desc(events.seq))
      .limit(1);

    await page.goto(`${app.url}/partners?q=${encodeURIComponent(partner!.name)}`);
    await page.getByRole("link", { name: partner!.name, exact: true }).click();
    await page.getByRole("heading", { name: partner!.name, level: 1 }).waitFor();
    expect(page.url()).toBe(`${app.url}/partners/${encodeURIComponent(partnerId)}`);

    const profile = page.getByRole("region", { name: "Profile" });
    await profile.waitFor();
    expect(await profile.textContent()).toContain(partner!.country);

    const metrics = page.getByTestId("partner-metrics").locator(".metric");
    await expectCount(metrics, 6);
    const metricText = (await metrics.allTextContents()).join(" | ");
    expect(metricText).toMatch(/\$[\d,]+\.\d{2}/);

    const timeline = page.getByTestId("timeline-event");
    await expectCount(timeline, Math.min(busiest!.n, 20));
    expect(isEventType(latest!.type)).toBe(true);
    const firstLabel = await timeline.first().locator(".timeline-label").textContent();
    expect(firstLabel).toBe(EVENT_TYPES[latest!.type as keyof typeof EVENT_TYPES].label);
    await screenshot(page, "partner-detail");
  });

  it("visits every section without console errors", async () => {
    await page.goto(`${app.url}/simulations`);
    await page.getByText("Simulations arrive with the simulator — coming next").waitFor();
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Rewards" })
      .click();
    await page.getByRole("heading", { name: "Rewards", level: 1 }).waitFor();
    await page.locator("table, .empty-state").first().waitFor();
    await screenshot(page, "rewards");
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Activity" })
      .click();
    await page.getByRole("heading", { name: "Activity", level: 1 }).waitFor();
    await expectCount(page.getByTestId("timeline-event"), 50);
    await screenshot(page, "activity");
    expect(browser.consoleErrors).toEqual([]);
  });

  it("says so when the partner id is unknown", async () => {
    await page.goto(`${app.url}/partners/no-such-partner`);
    await page.getByRole("heading", { name: "Partner not found" }).waitFor();
    // The 404 answer is the only thing the browser may log here.
    const unexpected = browser.consoleErrors.filter((e) => !/status of 404/.test(e));
    expect(unexpected).toEqual([]);
  });
});
