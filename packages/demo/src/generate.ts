import type { EventInput, EventType } from "@partnerflow/domain";
import { historyStart, instantIn, monthSlices, quarterIndex, DAY } from "./calendar.ts";
import { PartnerSim } from "./partner-sim.ts";
import { intBetween, mixSeed, mulberry32, pick, poisson, weighted } from "./prng.ts";
import type { DemoRecord, Emitter } from "./record.ts";
import { COUNTRIES, PRODUCT_WEIGHTS, REGION_WEIGHTS } from "./reference.ts";

/** What the demo history covers. */
export interface DemoOptions {
  partners: number;
  years: number;
  seed: number;
  /** Last instant of the history (defaults to now). */
  endDate?: Date;
}

/** The resolved period of a demo history. */
export function demoPeriod(opts: DemoOptions): { start: Date; end: Date } {
  const end = opts.endDate ?? new Date();
  return { start: historyStart(end, opts.years), end };
}

/**
 * Streams the demo history as records in time order (ties broken by emission order).
 * Memory stays bounded: the log is produced month by month, and only events scheduled for
 * later months (deal outcomes, renewals) wait in their month's bucket.
 */
export function* demoRecords(opts: DemoOptions): Generator<DemoRecord> {
  if (!Number.isInteger(opts.partners) || opts.partners < 1)
    throw new RangeError("partners must be a positive integer");
  if (!(opts.years > 0 && opts.years <= 20)) throw new RangeError("years must be between 0 and 20");
  const { start, end } = demoPeriod(opts);
  const slices = monthSlices(start, end);
  const firstMonth = start.getUTCFullYear() * 12 + start.getUTCMonth();
  const buckets: DemoRecord[][] = slices.map(() => []);
  let current = 0;
  let n = 0;
  const emitter: Emitter = {
    seed: opts.seed,
    end: end.getTime(),
    emit(t, type, partnerId, payload, idempotencyKey) {
      if (t > this.end) return;
      const d = new Date(t);
      const b = d.getUTCFullYear() * 12 + d.getUTCMonth() - firstMonth;
      if (b < current)
        throw new Error(
          `demo generator bug: ${type} at ${d.toISOString()} is in a month already emitted`,
        );
      const bucket = buckets[b];
      if (!bucket) throw new Error(`demo generator bug: no bucket for ${d.toISOString()}`);
      bucket.push({ t, n: n++, type, partnerId, payload, idempotencyKey });
    },
  };
  const sims: PartnerSim[] = [];
  for (let i = 0; i < opts.partners; i++)
    sims.push(new PartnerSim(i, opts.partners, emitter, start.getTime()));
  const global = mulberry32(mixSeed(opts.seed, 0x1ead));
  let unrouted = 0;

  for (let i = 0; i < slices.length; i++) {
    const slice = slices[i];
    if (!slice) continue;
    current = i;
    const quarterStart = i > 0 && slice.month % 3 === 0;
    const quarter = quarterIndex(slice.from);
    for (const sim of sims) sim.step(slice, quarter, quarterStart);
    // Leads nobody has routed yet: they stay "new" and are what lead-assignment flows act on.
    const fresh = poisson(
      global,
      Math.max(1, opts.partners * 0.01) * ((slice.to - slice.from) / (30 * DAY)),
    );
    for (let k = 0; k < fresh; k++) {
      const region = weighted(global, REGION_WEIGHTS);
      const id = `l-open-${++unrouted}`;
      emitter.emit(
        instantIn(global, slice.from, slice.to, slice.month),
        "lead.created",
        undefined,
        {
          leadId: id,
          company: `Prospect ${intBetween(global, 1, 9999)}`,
          region,
          country: pick(global, COUNTRIES[region]).code,
          productLine: weighted(global, PRODUCT_WEIGHTS),
        },
        `demo:${opts.seed}:${id}`,
      );
    }
    const bucket = buckets[i] ?? [];
    buckets[i] = [];
    bucket.sort((a, b) => a.t - b.t || a.n - b.n);
    yield* bucket;
  }
}

/** A record as the `EventInput` the ingestion API takes. */
export function toEventInput(r: DemoRecord): EventInput {
  return {
    type: r.type,
    idempotencyKey: r.idempotencyKey,
    occurredAt: new Date(r.t).toISOString(),
    ...(r.partnerId ? { partnerId: r.partnerId } : {}),
    payload: r.payload,
  } as EventInput;
}

/** The demo history as `EventInput`s in time order (streaming). */
export function* generateDemoEvents(opts: DemoOptions): Generator<EventInput> {
  for (const r of demoRecords(opts)) yield toEventInput(r);
}

/** Counts events by type without keeping them (cheap sizing of large histories). */
export function countDemoEvents(opts: DemoOptions): {
  total: number;
  byType: Partial<Record<EventType, number>>;
} {
  const byType: Partial<Record<EventType, number>> = {};
  let total = 0;
  for (const r of demoRecords(opts)) {
    total++;
    byType[r.type] = (byType[r.type] ?? 0) + 1;
  }
  return { total, byType };
}
