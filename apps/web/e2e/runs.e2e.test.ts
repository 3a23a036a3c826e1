import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { appRouter, createCallerFactory, createContext } from "@partnerflow/api";
import { startRuntime, type RuntimeHandle } from "@partnerflow/runtime";
import { all, clause, graph } from "@partnerflow/workflow/fixtures";
import {
  launchBrowser,
  screenshot,
  startTestApp,
  type TestApp,
  type TestBrowser,
} from "./harness.ts";

/**
 * The runtime's pages end to end: a real server and in-process runtime on a fresh embedded
 * database; a workflow (condition → approval → email → reward) activated through the API;
 * partners created so runs happen; then the Runs list, the run trace, the Approvals inbox
 * (approve one, cancel another run) and the Outbox with the email body, in Chromium.
 */

const silent = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silent;
  },
};

/** partner created → EMEA? → ask a channel manager → approved: email + $50 bonus. */
const WELCOME = graph(
  [
    ["t", "trigger.event", { eventType: "partner.created" }, 0, 1],
    [
      "emea",
      "logic.condition",
      { condition: all(clause({ source: "partner", field: "region" }, "eq", "EMEA")) },
      1,
      1,
    ],
    [
      "ask",
      "logic.approval",
      {
        approverRole: "channel_manager",
        title: "Welcome bonus for {{partner.name}}",
        timeout: { amount: 3, unit: "days" },
      },
      2,
      1,
    ],
    [
      "mail",
      "action.send_email",
      {
        to: "partner",
        template: "welcome-bonus",
        subject: "Your welcome bonus, {{partner.name}}",
        body: "Hi {{partner.name}},\n\nyour $50 welcome bonus is approved.",
      },
      3,
      1,
    ],
    [
      "bonus",
      "action.issue_reward",
      {
        rewardKind: "cash_bonus",
        amount: { mode: "fixed", money: { amount: "50.00", currency: "USD" } },
        status: "approved",
        reason: "welcome bonus",
      },
      4,
      1,
    ],
  ],
  [
    ["t", "out", "emea"],
    ["emea", "true", "ask"],
    ["ask", "approved", "mail"],
    ["mail", "out", "bonus"],
  ],
);

const profile = {
  tier: "Registered",
  region: "EMEA",
  country: "DE",
  type: "reseller",
  status: "active",
} as const;

const apiFor = (a: TestApp) =>
  createCallerFactory(appRouter)(createContext({ database: a.database, logger: silent }));

let app: TestApp;
let runtime: RuntimeHandle;
let browser: TestBrowser;
let page: Page;
let api: ReturnType<typeof apiFor>;
let workflowId: string;
const partner = { acme: "", globex: "" };

/** Polls the API every 100 ms (never a blind sleep) until `check` answers a value. */
async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function expectCount(locator: Locator, n: number): Promise<void> {
  await expect.poll(() => locator.count(), { timeout: 15_000 }).toBe(n);
}

const runOf = async (partnerId: string) =>
  (await api.runs.list({ workflowId, partnerId })).items[0];

const nav = (name: string) =>
  page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });

beforeAll(async () => {
  app = await startTestApp();
  runtime = startRuntime({ database: app.database, pollMs: 50 });
  api = apiFor(app);
  const created = await api.workflows.create({ name: "Welcome bonus", graph: WELCOME });
  workflowId = created.id;
  const { version } = await api.workflows.publish({ id: workflowId, note: "first version" });
  await api.workflows.activate({ id: workflowId, version });
  partner.acme = (await api.partners.create({ name: "Acme Robotics", ...profile })).id;
  partner.globex = (await api.partners.create({ name: "Globex", ...profile })).id;
  // The runtime dispatches both events, runs the condition and parks each run on its approval.
  await until("both runs wait on an approval", async () => {
    const pending = (await api.approvals.list({ view: "pending" })).items;
    return pending.length === 2 ? pending : undefined;
  });
  browser = await launchBrowser();
  page = await browser.newPage();
  // Cancel asks "are you sure?"; the test says yes.
  page.on("dialog", (d) => void d.accept());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  await app?.close();
});

describe("runs, approvals and outbox in the browser", () => {
  it("lists the runs with workflow, version, partner, status and trigger", async () => {
    await page.goto(`${app.url}/runs`);
    await page.getByRole("heading", { name: "Runs", level: 1 }).waitFor();
    const rows = page.getByTestId("run-row");
    await expectCount(rows, 2);
    const acmeRow = rows.filter({ hasText: "Acme Robotics" });
    const text = await acmeRow.textContent();
    expect(text).toContain("Welcome bonus");
    expect(text).toContain("v1");
    expect(text).toContain("Waiting");
    expect(text).toContain("Partner created");
    expect(
      await acmeRow.getByRole("link", { name: "Welcome bonus", exact: true }).getAttribute("href"),
    ).toBe(`/workflows/${workflowId}`);
    await screenshot(page, "runs-list");

    // Filters: no run has failed; both are waiting.
    await page.getByLabel("Status", { exact: true }).selectOption("failed");
    await page.getByRole("heading", { name: "No runs match" }).waitFor();
    await page.getByLabel("Status", { exact: true }).selectOption("parked");
    await expectCount(rows, 2);
    // Day range: nothing started in 2099; today's runs are back once the range includes today.
    await page.getByLabel("Started from").fill("2099-01-01");
    await page.getByRole("heading", { name: "No runs match" }).waitFor();
    await page.getByLabel("Started from").fill("2000-01-01");
    await page.getByLabel("Started until").fill("2099-12-31");
    await expectCount(rows, 2);
    await page.getByLabel("Partner", { exact: true }).selectOption({ label: "Globex" });
    await expectCount(rows, 1);
    expect(await rows.first().textContent()).toContain("Globex");
    await expect.poll(() => page.url()).toContain(`partner=${partner.globex}`);
  });

  it("shows a run's trace: the condition's decision and values, the approval it waits on", async () => {
    await page.goto(`${app.url}/runs`);
    await page.getByRole("link", { name: /^View run of Welcome bonus for Acme Robotics/ }).click();
    await page.getByRole("heading", { name: "Run of Welcome bonus", level: 1 }).waitFor();
    const steps = page.getByTestId("trace-step");
    await expectCount(steps, 3);
    const condition = steps.nth(1);
    expect(await condition.getByRole("heading", { level: 3 }).textContent()).toContain("If / else");
    const conditionText = await condition.textContent();
    expect(conditionText).toContain("Decision: Yes. the condition holds");
    const clauseLine = await condition.getByTestId("seen-clause").textContent();
    expect(clauseLine).toContain("Met:");
    expect(clauseLine).toContain("saw EMEA");
    const approval = steps.nth(2);
    expect(await approval.textContent()).toContain(
      "Waiting for approval by channel manager: “Welcome bonus for Acme Robotics”",
    );
    const partnerLink = page.getByRole("link", { name: "Acme Robotics", exact: true });
    expect(await partnerLink.getAttribute("href")).toBe(`/partners/${partner.acme}`);
    await page.getByRole("button", { name: "Cancel run" }).waitFor();
    expect(await page.getByRole("button", { name: "Retry run" }).count()).toBe(0);
    await screenshot(page, "run-trace-waiting");
  });

  it("approves from the inbox, with a comment, by keyboard; the run completes", async () => {
    await nav("Approvals").click();
    await page.getByRole("heading", { name: "Approvals", level: 1 }).waitFor();
    const cards = page.getByTestId("approval");
    await expectCount(cards, 2);
    const acme = cards.filter({ hasText: "Welcome bonus for Acme Robotics" });
    const details = await acme.textContent();
    expect(details).toContain("Welcome bonus"); // the workflow
    expect(details).toContain("Channel manager");
    expect(details).toMatch(/Times out.*\d{4}/);
    await screenshot(page, "approvals-inbox");

    await acme.getByLabel("Comment (optional)").fill("Looks good");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe(
      "Approve: Welcome bonus for Acme Robotics",
    );
    await page.keyboard.press("Enter");
    await page
      .getByRole("status")
      .getByText(/Approved “Welcome bonus for Acme Robotics”/)
      .waitFor();
    await expectCount(cards, 1);

    const run = await until("the approved run completes", async () => {
      const r = await runOf(partner.acme);
      return r?.status === "completed" ? r : undefined;
    });

    await page.getByRole("link", { name: "Decided" }).click();
    const decided = page.getByTestId("decided-approval");
    await expectCount(decided, 1);
    const row = await decided.first().textContent();
    expect(row).toContain("Approved");
    expect(row).toContain("Looks good");

    await page.goto(`${app.url}/runs/${run.id}`);
    await page.getByRole("heading", { name: "Run of Welcome bonus", level: 1 }).waitFor();
    await page.locator(".page-header .badge").getByText("Completed").waitFor();
    const steps = page.getByTestId("trace-step");
    // trigger, condition, approval parked, approval resumed, email, reward
    await expectCount(steps, 6);
    const trace = (await steps.allTextContents()).join("\n");
    expect(trace).toContain("Decision: Approved.");
    expect(trace).toContain("Email to partner: “Your welcome bonus, Acme Robotics”");
    expect(trace).toContain("Reward: Cash bonus $50.00 (approved) — welcome bonus");
    await screenshot(page, "run-trace-completed");
  });

  it("cancels a waiting run from its page; its approval leaves the inbox", async () => {
    const run = await runOf(partner.globex);
    expect(run?.status).toBe("parked");
    await page.goto(`${app.url}/runs/${run!.id}`);
    await page.getByRole("button", { name: "Cancel run" }).click();
    await page.getByText("Run cancelled: it will take no further steps.").waitFor();
    await page.locator(".page-header .badge").getByText("Cancelled").waitFor();
    expect((await runOf(partner.globex))?.status).toBe("cancelled");
    await nav("Approvals").click();
    await page.getByRole("heading", { name: "Nothing waits for a decision" }).waitFor();
  });

  it("shows a failed run's error and retries it", async () => {
    // Routing a lead on a tier change compiles (the node does not check its trigger) but has no
    // lead to route, so the step fails at run time: a stand-in for any misconfigured workflow.
    const misrouted = graph(
      [
        ["t", "trigger.event", { eventType: "partner.tier_changed" }, 0, 1],
        [
          "route",
          "action.assign_lead",
          { strategy: "round_robin", matchRegion: true, matchCountry: false },
          1,
          1,
        ],
      ],
      [["t", "out", "route"]],
    );
    const { id } = await api.workflows.create({ name: "Lead routing", graph: misrouted });
    const { version } = await api.workflows.publish({ id, note: "misconfigured" });
    await api.workflows.activate({ id, version });
    await page.goto(`${app.url}/runs`);
    const rows = page.getByTestId("run-row");
    await rows.first().waitFor();
    const before = await rows.count();
    await api.partners.setTier({ id: partner.acme, tier: "Silver" });
    const failed = await until("the run fails", async () => {
      const r = (await api.runs.list({ workflowId: id })).items[0];
      return r?.status === "failed" ? r : undefined;
    });
    // The Runs list follows the runtime by itself: the new run shows up, failed, with no reload.
    await rows
      .filter({ hasText: "Lead routing" })
      .filter({ hasText: "Failed" })
      .waitFor({ timeout: 15_000 });
    expect(await rows.count()).toBe(before + 1);

    await page.goto(`${app.url}/runs/${failed.id}`);
    await page.locator(".page-header .badge").getByText("Failed").waitFor();
    await page
      .getByTestId("run-error")
      .getByText(/needs a lead event/)
      .waitFor();
    const steps = page.getByTestId("trace-step");
    await expectCount(steps, 2);
    expect(await steps.nth(1).textContent()).toContain("assigning a lead needs a lead event");
    expect(await page.getByRole("button", { name: "Cancel run" }).count()).toBe(0);
    await screenshot(page, "run-failed");

    await page.getByRole("button", { name: "Retry run" }).click();
    await page.getByText("Retry queued: the run starts again from the step that failed.").waitFor();
    // Still misconfigured: the retried step fails again, and the trace shows both attempts.
    await until("the retried run fails again", async () => {
      const r = await api.runs.get({ id: failed.id });
      return r.status === "failed" && r.steps.length === 3 ? r : undefined;
    });
    await page.reload();
    await expectCount(steps, 3);
  });

  it("shows the email in the outbox and opens its body", async () => {
    await until("the email is kept in the outbox (no SMTP)", async () => {
      const { items } = await api.outbox.list({});
      return items[0]?.status === "delivered_local" ? items[0] : undefined;
    });
    await nav("Outbox").click();
    await page.getByRole("heading", { name: "Outbox", level: 1 }).waitFor();
    const rows = page.getByTestId("outbox-row");
    await expectCount(rows, 1);
    const row = await rows.first().textContent();
    expect(row).toContain("Email");
    expect(row).toContain("Partner · Acme Robotics");
    expect(row).toContain("Kept (no SMTP)");
    await page.getByRole("button", { name: "Your welcome bonus, Acme Robotics" }).click();
    const body = page.getByTestId("message-body");
    await body.waitFor();
    expect(await body.textContent()).toBe(
      "Hi Acme Robotics,\n\nyour $50 welcome bonus is approved.",
    );
    await screenshot(page, "outbox-message");
  });

  it("logged no console errors", () => {
    expect(browser.consoleErrors).toEqual([]);
  });
});
