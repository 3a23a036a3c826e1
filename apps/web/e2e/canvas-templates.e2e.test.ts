import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { TEMPLATES } from "@partnerflow/workflow/fixtures";
import {
  launchBrowser,
  screenshot,
  startTestApp,
  type TestApp,
  type TestBrowser,
} from "./harness.ts";

let app: TestApp;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("template gallery", () => {
  it.each(TEMPLATES.map((t) => [t.name, t] as const))(
    "creates “%s” from the gallery and it opens with zero problems",
    async (_name, template) => {
      await page.goto(`${app.url}/workflows`);
      await page.getByRole("button", { name: "Browse templates" }).click();
      await page
        .getByRole("button", { name: `Use template ${template.name}`, exact: true })
        .click();
      await page.waitForURL(/\/workflows\/[^/]+$/);
      await page.getByRole("heading", { name: template.name, level: 1 }).waitFor();
      const nodes = page.getByTestId("step-node");
      await expect.poll(() => nodes.count(), { timeout: 15_000 }).toBe(template.graph.nodes.length);
      // The live compiler runs after a short debounce; the panel then reports a clean graph.
      await page.getByText("No problems — this workflow compiles.").waitFor({ timeout: 15_000 });
      expect(await page.getByTestId("problem-item").count()).toBe(0);
      expect(await page.getByTestId("node-problem-badge").count()).toBe(0);
      // Every node reads back in plain English, never the "needs setup" fallback.
      const summaries = await page.getByTestId("node-summary").allTextContents();
      expect(summaries.filter((s) => s === "Needs setup")).toEqual([]);
      await screenshot(page, `canvas-template-${template.id}`);
    },
  );

  it("logged no console errors", () => {
    expect(browser.consoleErrors).toEqual([]);
  });
});
