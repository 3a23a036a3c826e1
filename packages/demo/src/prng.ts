/**
 * A small seeded PRNG and the distributions the demo needs. Math.random is never used so a
 * seed always yields the same history, on every machine.
 */
export type Rng = () => number;

/** mulberry32: 32-bit state, fast, good enough for synthetic data. Returns [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes several integers into one 32-bit seed (so partner 7 of seed 42 has its own stream). */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193);
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

/** Integer in [lo, hi] inclusive. */
export function intBetween(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

export function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

const tables = new WeakMap<object, { keys: string[]; cumulative: number[] }>();

/** Picks a key with probability proportional to its weight (tables are prepared once). */
export function weighted<K extends string>(rng: Rng, weights: Readonly<Record<K, number>>): K {
  let table = tables.get(weights);
  if (!table) {
    const keys = Object.keys(weights);
    let total = 0;
    const cumulative = keys.map((k) => (total += (weights as Record<string, number>)[k] ?? 0));
    table = { keys, cumulative: cumulative.map((c) => c / total) };
    tables.set(weights, table);
  }
  const r = rng();
  const { keys, cumulative } = table;
  for (let i = 0; i < keys.length; i++) {
    if (r < (cumulative[i] ?? 1)) return keys[i] as K;
  }
  return keys[keys.length - 1] as K;
}

/** Standard normal via Box–Muller. */
export function normal(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function logNormal(rng: Rng, mu: number, sigma: number): number {
  return Math.exp(mu + sigma * normal(rng));
}

/** Pareto with minimum `xm` and shape `alpha` (smaller alpha: heavier tail). */
export function pareto(rng: Rng, xm: number, alpha: number): number {
  return xm / Math.pow(1 - rng(), 1 / alpha);
}

/** Poisson count: Knuth for small means, a rounded normal for large ones. */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rng)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}
