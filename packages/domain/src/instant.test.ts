import { describe, expect, it } from "vitest";
import { isoDayOf, isoInstant } from "./instant.ts";

describe("isoInstant / isoDayOf", () => {
  it("write what toISOString writes, across days, years and the edges of the range", () => {
    const samples = [
      0,
      1,
      999,
      86_399_999,
      86_400_000,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2026, 10, 23, 18, 4, 5, 123),
      253_402_300_799_999,
      253_402_300_800_000,
      -1,
      -86_400_001,
      Date.UTC(-5, 0, 1),
      1.5,
    ];
    let t = Date.UTC(2023, 0, 1);
    for (let i = 0; i < 20_000; i++) {
      t += Math.floor(((i * 7919) % 1000) * 9_999.7);
      samples.push(t);
    }
    for (const ms of samples) {
      expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
      expect(isoDayOf(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
    }
  });

  it("throw for an invalid instant, as toISOString does", () => {
    expect(() => isoInstant(Number.NaN)).toThrow(RangeError);
    expect(() => isoDayOf(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
