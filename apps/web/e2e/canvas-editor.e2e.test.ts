import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Locator, Page } from "playwright-core";
import { schema } from "@partnerflow/db";
import { GraphDocument } from "@partnerflow/workflow";
import {
  launchBrowser,
  screenshot,
  startTestApp,
  type TestApp,
  type TestBrowser,
} from "./harness.ts";

/**
 * The editor's comfort features and its draft safety, in Chromium: palette search and drag
 * to add, copy/paste and undo/redo, multi-select delete, the shortcuts sheet, sticky notes,
 * connection checks, the email preview for a chosen partner, publish blocked by problems,
 * two tabs on one draft (a conflict message, never a silent overwrite) and no console errors.
 */
let app: TestApp;
let browser: TestBrowser;
let page: Page;
let workflowId = "";

beforeAll(async () => {
  app = await startTestApp({ demo: { partners: 4, years: 1, seed: 5 } });
  browser = await launchBrowser();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const steps = (p: Page = page) => p.getByTestId("step-node");
const form = () => page.getByTestId("node-form");
const saved = (p: Page = page) =>
  p.locator('[data-testid="save-status"][data-status="saved"]').waitFor({ timeout: 15_000 });

async function savedDraft(): Promise<GraphDocument> {
  const [row] = await app.database.db
    .select({ draft: schema.workflows.draft })
    .from(schema.workflows)
    .where(eq(schema.workflows.id, workflowId));
  return GraphDocument.parse(row!.draft);
}

/** Fits the view, waits for the node to rest inside the canvas, and selects it with a click. */
async function clickStep(step: Locator): Promise<void> {
  await page.getByRole("button", { name: "Fit view", exact: true }).click();
  const id = await step.getAttribute("data-node-id");
  await page.waitForFunction(
    (nodeId) =>
      new Promise<boolean>((resolve) => {
        const el = document.querySelector(`.react-flow__node[data-id="${nodeId}"]`);
        const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
        if (!el || !pane) return resolve(false);
        const a = el.getBoundingClientRect();
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            const b = el.getBoundingClientRect();
            const inside =
              b.left >= pane.left &&
              b.right <= pane.right &&
              b.top >= pane.top &&
              b.bottom <= pane.bottom;
            resolve(inside && a.left === b.left && a.top === b.top);
          }),
        );
      }),
    id,
  );
  await step.locator(".step-head").click();
  const selected = page.locator(`[data-testid="step-node"][data-node-id="${id}"].selected`);
  // Under load a click right after the fit animation now and then does not select the step
  // (seen about once in four runs at load 7+). Then select it from the keyboard: focus the
  // node and press Enter — React Flow's keyboard selection, which users have too.
  const clicked = await selected.waitFor({ timeout: 3_000 }).then(
    () => true,
    () => false,
  );
  if (!clicked) {
    await page.locator(`.react-flow__node[data-id="${id}"]`).focus();
    await page.keyboard.press("Enter");
    await selected.waitFor();
  }
}

/** Clicks an empty spot of the canvas so shortcuts reach the editor, not a form field. */
async function focusCanvas(): Promise<void> {
  const pane = (await page.locator(".react-flow__pane").boundingBox())!;
  await page.mouse.click(pane.x + pane.width - 30, pane.y + pane.height - 130);
}

describe("the canvas editor", () => {
  it("searches the palette and adds a step by dragging it onto the canvas", async () => {
    await page.goto(`${app.url}/workflows`);
    await page.getByLabel("New workflow name").fill("Editor checks");
    await page.getByRole("button", { name: "Create blank" }).click();
    await page.waitForURL(/\/workflows\/[^/]+$/);
    workflowId = new URL(page.url()).pathname.split("/").at(-1)!;

    await page.getByLabel("Search steps").fill("email");
    await expect.poll(() => page.getByTestId("palette-item").count()).toBeGreaterThan(0);
    const shown = await page
      .getByTestId("palette-item")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-type")));
    expect(shown).toContain("action.send_email");
    expect(shown).not.toContain("logic.condition");

    await page
      .getByRole("button", { name: "Add Send email", exact: true })
      .dragTo(page.getByTestId("canvas"), { targetPosition: { x: 200, y: 150 } });
    await expect.poll(() => steps().count()).toBe(1);
    await page.getByLabel("Search steps").fill("");
    await page.getByRole("button", { name: "Add When an event happens", exact: true }).click();
    await expect.poll(() => steps().count()).toBe(2);
  });

  it("renders the email preview for a partner chosen from the program", async () => {
    await clickStep(steps().filter({ hasText: "Send email" }));
    await form().getByLabel("Subject", { exact: true }).fill("Hello {{partner.name}}");
    const preview = form().getByRole("status", { name: "Subject preview" });
    await expect.poll(() => preview.textContent()).toContain("Hello Acme Networks");
    const [partner] = await app.database.db
      .select({ id: schema.partners.id, name: schema.partners.name })
      .from(schema.partners)
      .limit(1);
    await form().locator('select[id$="subject-preview-partner"]').selectOption(partner!.id);
    await expect.poll(() => preview.textContent()).toContain(`Hello ${partner!.name}`);
  });

  it("copies, pastes, undoes and redoes", async () => {
    await clickStep(steps().filter({ hasText: "Send email" }));
    await page.keyboard.press("Control+c");
    await page.keyboard.press("Control+v");
    await expect.poll(() => steps().count()).toBe(3);
    await page.keyboard.press("Control+z");
    await expect.poll(() => steps().count()).toBe(2);
    await page.keyboard.press("Control+Shift+z");
    await expect.poll(() => steps().count()).toBe(3);
    // The toolbar buttons do the same as the shortcuts.
    await page.getByRole("button", { name: "Undo", exact: true }).click();
    await expect.poll(() => steps().count()).toBe(2);
    await page.getByRole("button", { name: "Redo", exact: true }).click();
    await expect.poll(() => steps().count()).toBe(3);
  });

  it("selects everything and deletes it, and undo brings it back", async () => {
    await focusCanvas();
    await page.keyboard.press("Control+a");
    await page.keyboard.press("Delete");
    await expect.poll(() => steps().count()).toBe(0);
    await page.keyboard.press("Control+z");
    await expect.poll(() => steps().count()).toBe(3);
  });

  it("shows the shortcuts sheet, adds a sticky note and lays the graph out", async () => {
    await focusCanvas();
    await page.keyboard.press("?");
    const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await sheet.waitFor();
    expect(await sheet.getByRole("row").count()).toBeGreaterThan(8);
    await page.keyboard.press("Escape");
    await sheet.waitFor({ state: "detached" });

    await focusCanvas();
    await page.keyboard.press("n");
    await expect.poll(() => page.getByLabel("Sticky note").count()).toBe(1);

    const positions = () =>
      page
        .locator(".react-flow__node-step")
        .evaluateAll((els) => els.map((e) => (e as HTMLElement).style.transform).join("|"));
    const before = await positions();
    await page.getByRole("button", { name: "Auto-layout" }).click();
    await expect.poll(positions).not.toBe(before);
    expect(await page.getByLabel("Mini map").count()).toBe(1);
    await screenshot(page, "canvas-editor-comfort");
  });

  it("refuses a connection that would make a loop", async () => {
    const emails = steps().filter({ hasText: "Send email" });
    const a = (await emails.nth(0).getAttribute("data-node-id"))!;
    const b = (await emails.nth(1).getAttribute("data-node-id"))!;
    const trigger = (await steps()
      .filter({ hasText: "When an event happens" })
      .getAttribute("data-node-id"))!;
    const byId = (id: string) => page.locator(`[data-testid="step-node"][data-node-id="${id}"]`);
    // The "Then" dropdown of one step (its id names the step, so a stale panel cannot match).
    const then = (id: string) => page.locator(`[id="connect-${id}-out"]`);
    await clickStep(byId(trigger));
    await then(trigger).selectOption(a);
    await clickStep(byId(a));
    await then(a).selectOption(b);
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(2);
    await clickStep(byId(b));
    await then(b).selectOption(a);
    await page.getByText(/Cannot connect:/).waitFor();
    expect(await page.locator(".react-flow__edge").count()).toBe(2);
  });

  it("blocks publishing while there are problems", async () => {
    // An email without a subject does not compile.
    await clickStep(steps().filter({ hasText: "Send email" }).nth(0));
    await form().getByLabel("Subject", { exact: true }).fill("");
    await expect.poll(() => page.getByTestId("problem-item").count()).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Publish a new version" });
    await dialog.getByText(/Fix the \d+ problems? listed under the canvas/).waitFor();
    await dialog.getByLabel("Version note (required)").fill("should not publish");
    expect(await dialog.getByRole("button", { name: "Publish", exact: true }).isDisabled()).toBe(
      true,
    );
    await dialog.getByRole("button", { name: "Cancel" }).click();
  });

  it("fills the test event from a past event of the chosen partner", async () => {
    const [sale] = await app.database.db
      .select({ partnerId: schema.events.partnerId, payload: schema.events.payload })
      .from(schema.events)
      .where(eq(schema.events.type, "sale.recorded"))
      .limit(1);
    expect(sale).toBeDefined();
    await page.getByRole("button", { name: "Test", exact: true }).click();
    await page.getByLabel("Partner", { exact: true }).selectOption(sale!.partnerId);
    await page.getByLabel("Event type").selectOption("sale.recorded");
    const past = page.getByLabel("Past event of this partner (optional)");
    await expect.poll(() => past.locator("option").count()).toBeGreaterThan(1);
    await past.selectOption({ index: 1 });
    const amount = page.getByLabel("Amount amount");
    await expect.poll(() => amount.inputValue()).not.toBe("1000.00");
    expect(await amount.inputValue()).toMatch(/^\d+(\.\d+)?$/);
    await page.getByRole("button", { name: "Close test" }).click();
  });

  it("logged no console errors on the editor page", () => {
    expect(browser.consoleErrors).toEqual([]);
  });

  it("shows a conflict when another tab saved the draft first, and overwrites nothing", async () => {
    await saved();
    const other = await browser.newPage();
    try {
      await other.goto(`${app.url}/workflows/${workflowId}`);
      await expect.poll(() => steps(other).count(), { timeout: 15_000 }).toBe(3);

      // Tab 1 adds a step and saves it.
      await page.getByRole("button", { name: "Add End", exact: true }).click();
      await expect.poll(() => steps().count()).toBe(4);
      await saved();
      expect((await savedDraft()).nodes).toHaveLength(4);

      // Tab 2, still on the old revision, adds a different step: the save is refused.
      await other.getByRole("button", { name: "Add Wait", exact: true }).click();
      const conflict = other.locator('[data-testid="save-status"][data-status="conflict"]');
      await conflict.waitFor({ timeout: 15_000 });
      expect(await conflict.textContent()).toMatch(/changed elsewhere|not saved/i);
      await screenshot(other, "canvas-editor-conflict");
      // The refused save is the only error the page logged (Chromium reports the 409).
      expect(browser.consoleErrors).toEqual([expect.stringMatching(/status of 409 \(Conflict\)/)]);
      const draft = await savedDraft();
      expect(draft.nodes.map((n) => n.type).sort()).toEqual(
        ["action.send_email", "action.send_email", "logic.end", "trigger.event"].sort(),
      );

      // Reload takes the saved draft; editing saves again.
      await conflict.getByRole("button", { name: "Reload" }).click();
      await expect.poll(() => steps(other).count()).toBe(4);
      await other.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
    } finally {
      await other.close();
    }
  });

  it("builds a schedule with the cron builder and lists the next fire times", async () => {
    await page.getByRole("button", { name: "Add On a schedule", exact: true }).click();
    await form().getByLabel("Repeat").selectOption({ label: "Every week" });
    await form().getByLabel("Day of the week").selectOption({ label: "Monday" });
    await form().getByLabel("Time of day").fill("09:30");
    const preview = form().getByTestId("cron-preview");
    await expect.poll(() => preview.textContent()).toMatch(/Monday/);
    expect(await preview.getByRole("listitem").count()).toBe(3);
    expect(await form().getByLabel("Cron pattern").inputValue()).toBe("30 9 * * 1");
  });

  it("searches, duplicates and archives on the workflows page", async () => {
    page.once("dialog", (d) => void d.accept());
    await page.goto(`${app.url}/workflows`);
    const rows = page.getByTestId("workflow-row");
    await page.getByLabel("Search", { exact: true }).fill("Editor checks");
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByRole("button", { name: "Duplicate Editor checks", exact: true }).click();
    await expect.poll(() => rows.count()).toBe(2);
    const headers = await page.getByRole("columnheader").allTextContents();
    expect(headers).toEqual(
      expect.arrayContaining(["Last run", "Runs (24 h)", "Failures (24 h)", "Active version"]),
    );
    await page.getByRole("button", { name: "Archive Editor checks", exact: true }).first().click();
    await expect.poll(() => rows.count()).toBe(1);
  });

  it("suggests fields in the formula editor and shows errors as you type", async () => {
    await page.goto(`${app.url}/workflows`);
    await page.getByLabel("New workflow name").fill("Formula checks");
    await page.getByRole("button", { name: "Create blank" }).click();
    await page.waitForURL(/\/workflows\/[^/]+$/);
    await page.getByRole("button", { name: "Add When an event happens", exact: true }).click();
    await page.getByRole("button", { name: "Add Issue reward", exact: true }).click();
    const id = await steps().last().getAttribute("data-node-id");
    await form().locator(`#f-${id}-amount-mode`).selectOption("formula");
    const formula = form().getByLabel("Formula", { exact: true });
    await formula.fill("partner.ti");
    const suggestions = form().getByRole("list", { name: "Field suggestions" });
    await suggestions.getByRole("listitem").filter({ hasText: "partner.tier" }).click();
    expect(await formula.inputValue()).toBe("partner.tier");
    await formula.fill("partner.nosuchfield * 2");
    await form()
      .getByRole("alert")
      .filter({ hasText: /nosuchfield/ })
      .first()
      .waitFor();
  });

  it("gives every control on the editor page an accessible name", async () => {
    const unnamed = await page.evaluate(() =>
      Array.from(document.querySelectorAll("button, input, select, textarea, [role=button]"))
        .filter((el) => {
          const e = el as HTMLInputElement;
          if (e.type === "hidden" || e.closest("[aria-hidden=true]")) return false;
          const byLabel = e.labels
            ? Array.from(e.labels).some((l) => l.textContent?.trim())
            : false;
          return !(
            e.getAttribute("aria-label")?.trim() ||
            e.getAttribute("aria-labelledby") ||
            e.getAttribute("title")?.trim() ||
            byLabel ||
            (e.tagName === "BUTTON" && e.textContent?.trim())
          );
        })
        .map((e) => e.outerHTML.slice(0, 120)),
    );
    expect(unnamed).toEqual([]);
  });

  it("logged no other console errors", () => {
    expect(browser.consoleErrors.filter((e) => !/status of 409 \(Conflict\)/.test(e))).toEqual([]);
  });
});
