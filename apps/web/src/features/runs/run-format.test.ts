import { describe, expect, it } from "vitest";
import {
  canCancel,
  canRetry,
  dayToIso,
  formatDuration,
  asClauses,
  formatTraceValue,
  runDuration,
  runStatusLabel,
  triggerLabel,
} from "./run-format.ts";

describe("run formatting", () => {
  it.each([
    [null, "—"],
    [-5, "—"],
    [850, "850 ms"],
    [12_400, "12 s"],
    [245_000, "4 min 5 s"],
    [240_000, "4 min"],
    [3 * 3_600_000 + 10 * 60_000, "3 h 10 min"],
    [52 * 3_600_000, "2 d 4 h"],
    [7 * 86_400_000, "7 d"],
  ])("duration %s ms reads %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it("measures unfinished runs up to now", () => {
    const now = new Date("2026-03-01T10:00:05Z");
    expect(runDuration("2026-03-01T10:00:00Z", null, now)).toBe(5_000);
    expect(runDuration("2026-03-01T10:00:00Z", "2026-03-01T10:00:01Z", now)).toBe(1_000);
    expect(runDuration("not a date", null, now)).toBeNull();
  });

  it.each([
    ["parked", "Waiting"],
    ["dead", "Dead (gave up)"],
    ["timed_out", "Timed out"],
    ["delivered_local", "Kept (no SMTP)"],
    ["approved", "Approved"],
  ])("status %s reads %s", (status, label) => {
    expect(runStatusLabel(status)).toBe(label);
  });

  it.each([
    ["queued", false, true],
    ["running", false, true],
    ["parked", false, true],
    ["completed", false, false],
    ["failed", true, false],
    ["dead", true, false],
    ["cancelled", false, false],
  ])("%s: retry %s, cancel %s", (status, retry, cancel) => {
    expect(canRetry(status)).toBe(retry);
    expect(canCancel(status)).toBe(cancel);
  });

  it("names triggers by event type, else by the key's kind", () => {
    expect(triggerLabel("partner.created", "event:4")).toBe("Partner created");
    expect(triggerLabel("custom.thing", "event:5")).toBe("custom.thing");
    expect(triggerLabel(null, "change:p1:7")).toBe("Record change");
    expect(triggerLabel(null, "date:license:L1:2026-03-01T00:00:00.000Z")).toBe("Date (license)");
    expect(triggerLabel(null, "something-else")).toBe("something-else");
  });

  it("shows trace values as text", () => {
    expect(formatTraceValue("EMEA")).toBe("EMEA");
    expect(formatTraceValue(true)).toBe("true");
    expect(formatTraceValue(null)).toBe("—");
    expect(formatTraceValue({ amount: "50.00", currency: "USD" })).toBe("$50.00");
    expect(formatTraceValue(["a", 1])).toBe('["a",1]');
  });

  it("turns a day into the start or end of that local day", () => {
    const start = dayToIso("2026-03-04", "start")!;
    const end = dayToIso("2026-03-04", "end")!;
    expect(Date.parse(end) - Date.parse(start)).toBe(86_400_000 - 1);
    expect(new Date(start).getDate()).toBe(4);
    expect(dayToIso("", "start")).toBeUndefined();
    expect(dayToIso("04/03/2026", "end")).toBeUndefined();
  });

  it("recognises a condition's explained clauses", () => {
    const clauses = [{ text: "Region is EMEA", left: "EMEA", right: "EMEA", result: true }];
    expect(asClauses(clauses)).toEqual(clauses);
    expect(asClauses([])).toBeNull();
    expect(asClauses([{ text: "x" }])).toBeNull();
    expect(asClauses("EMEA")).toBeNull();
  });
});
