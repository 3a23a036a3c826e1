import { isoDayOf } from "@partnerflow/domain";
import { chance, intBetween, type Rng } from "./prng.ts";

export const DAY = 86_400_000;

/**
 * How busy a month is compared with an average one: December and quarter-end months spike,
 * July and August dip (summer holidays), January is slow after the year-end push.
 */
export function monthWeight(month: number): number {
  switch (month) {
    case 11:
      return 1.45;
    case 2:
    case 5:
    case 8:
      return 1.25;
    case 6:
      return 0.8;
    case 7:
      return 0.7;
    case 0:
      return 0.85;
    default:
      return 1;
  }
}

/** The history period: `years` calendar years ending at `end`. */
export function historyStart(end: Date, years: number): Date {
  const start = new Date(end.getTime());
  start.setUTCFullYear(start.getUTCFullYear() - years);
  return start;
}

/** Month slices [from, to) of the period, clipped to [start, end]. */
export function monthSlices(start: Date, end: Date): { from: number; to: number; month: number }[] {
  const slices: { from: number; to: number; month: number }[] = [];
  let y = start.getUTCFullYear();
  let m = start.getUTCMonth();
  const endMs = end.getTime() + 1;
  for (;;) {
    const from = Math.max(Date.UTC(y, m, 1), start.getTime());
    const to = Math.min(Date.UTC(y, m + 1, 1), endMs);
    if (from >= endMs) break;
    slices.push({ from, to, month: m });
    m++;
    if (m === 12) {
      m = 0;
      y++;
    }
  }
  return slices;
}

/**
 * A random instant in [from, to). In quarter-end months almost half the activity lands in the
 * last ten days (the quarter-end push); business hours are favoured.
 */
export function instantIn(rng: Rng, from: number, to: number, month: number): number {
  const span = to - from;
  let t: number;
  if (month % 3 === 2 && span > 12 * DAY && chance(rng, 0.45)) {
    t = to - rng() * 10 * DAY;
  } else {
    t = from + rng() * span;
  }
  // Snap to a working hour of that day (08:00–18:59 UTC), keeping seconds for spread.
  const dayStart = t - (t % DAY);
  const snapped = dayStart + intBetween(rng, 8, 18) * 3_600_000 + Math.floor(rng() * 3_600_000);
  return Math.min(Math.max(snapped, from), to - 1);
}

/** "2025-03-31" of an instant. */
export function isoDay(t: number): string {
  return isoDayOf(t);
}

/** Absolute quarter number of an instant (year × 4 + quarter of year). */
export function quarterIndex(t: number): number {
  const d = new Date(t);
  return d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3);
}
