/**
 * ISO 8601 text of UTC instants, as `Date.prototype.toISOString` writes it, without its cost.
 * Bulk writers (the demo loader's COPY, batch ingestion's log) format one or more instants
 * per row, and toISOString was ~0.5 µs of each: here a day's "YYYY-MM-DDT" is formatted once
 * and the time of day from lookup tables.
 */

const DAY_MS = 86_400_000;
/** Instants from 1970-01-01 up to (not including) year 10000: the range this formats itself. */
const LAST_MS = 253_402_300_800_000;
/** Days whose prefix is kept; past this many distinct days the cache starts over. */
const MAX_DAYS = 20_000;

const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));

const prefixes = new Map<number, string>();
let lastDay = Number.NaN;
let lastPrefix = "";

/** "YYYY-MM-DDT" of the UTC day starting at `dayStart`. */
function dayPrefix(dayStart: number): string {
  if (dayStart === lastDay) return lastPrefix;
  let prefix = prefixes.get(dayStart);
  if (prefix === undefined) {
    if (prefixes.size >= MAX_DAYS) prefixes.clear();
    prefix = new Date(dayStart).toISOString().slice(0, 11);
    prefixes.set(dayStart, prefix);
  }
  lastDay = dayStart;
  lastPrefix = prefix;
  return prefix;
}

/** `new Date(ms).toISOString()`: "2026-11-23T18:04:05.123Z". */
export function isoInstant(ms: number): string {
  if (!(ms >= 0 && ms < LAST_MS) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const inDay = ms % DAY_MS;
  const seconds = Math.floor(inDay / 1000);
  const minutes = Math.floor(seconds / 60);
  return (
    dayPrefix(ms - inDay) +
    TWO[Math.floor(minutes / 60)]! +
    ":" +
    TWO[minutes % 60]! +
    ":" +
    TWO[seconds % 60]! +
    "." +
    THREE[inDay % 1000]! +
    "Z"
  );
}

/** `new Date(ms).toISOString().slice(0, 10)`: the UTC calendar day, "2026-11-23". */
export function isoDayOf(ms: number): string {
  if (!(ms >= 0 && ms < LAST_MS) || !Number.isInteger(ms)) {
    return new Date(ms).toISOString().slice(0, 10);
  }
  return dayPrefix(ms - (ms % DAY_MS)).slice(0, 10);
}
