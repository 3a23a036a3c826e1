import type { ProductLine } from "../enums.ts";
import type { EventPayload } from "../events/catalog.ts";
import type { DomainEvent } from "../events/envelope.ts";
import {
  METRICS,
  windowBounds,
  type MetricName,
  type MetricRef,
  type MetricWindow,
} from "../metrics.ts";
import type { RateBook } from "../rates.ts";
import { moneyAt, toHundredths, toInstant } from "./event-values.ts";
import { Series } from "./series.ts";
import { OPEN_LEAD_STATUSES } from "./transitions.ts";

const OPEN = new Set<string>(OPEN_LEAD_STATUSES);

/**
 * The [start, end) a windowed metric reads at `asOf`: `windowBounds`, with the end clipped to
 * `asOf` so a value "as of" an instant never counts later events (the calendar window of the
 * current quarter ends next quarter). Windowed metrics without a window read "all".
 */
export function metricRange(ref: MetricRef, asOf: Date): { start: number; end: number } {
  const window: MetricWindow = ref.window ?? { kind: "all" };
  const b = windowBounds(window, asOf);
  return { start: b.start.getTime(), end: Math.min(b.end.getTime(), asOf.getTime() + 1) };
}

/** csat_average from exact hundredths, the same arithmetic as the SQL path. */
export function csatAverage(count: number, hundredthsSum: number): number {
  return count === 0 ? 0 : hundredthsSum / count / 100;
}

/**
 * One partner's metrics, maintained incrementally from its events (the simulator streams
 * millions of events: no re-query per event). Money metrics answer reporting-currency minor
 * units; `productLine` filters the sales metrics and is ignored by the others.
 */
export class MetricAccumulator {
  private readonly sales = new Series();
  private readonly salesByLine = new Map<ProductLine, Series>();
  private readonly dealsWon = new Series();
  private readonly dealsRegistered = new Series();
  private readonly trainingsCompleted = new Series();
  private readonly csat = new Series();
  private readonly dealAmounts = new Map<string, number>();
  private readonly wonDeals = new Set<string>();
  private readonly completedTrainings = new Set<string>();
  private readonly certifications = new Map<
    string,
    { earnedAt: number; expiresAt: number | null; expiredAt: number | null }
  >();
  private readonly leads = new Map<string, string>();

  constructor(
    readonly partnerId: string,
    private readonly rates: RateBook,
  ) {}

  /** Folds one event in; events of other partners are ignored except a lead routed away. */
  apply(event: DomainEvent): void {
    const t = event.occurredAt.getTime();
    if (event.partnerId !== this.partnerId) {
      if (event.type === "lead.assigned") {
        this.leads.delete((event.payload as EventPayload<"lead.assigned">).leadId);
      }
      return;
    }
    switch (event.type) {
      case "sale.recorded": {
        const p = event.payload as EventPayload<"sale.recorded">;
        const amount = moneyAt(p.amount, event.occurredAt, this.rates).amountReportingMinor;
        this.sales.add(t, amount);
        let line = this.salesByLine.get(p.productLine);
        if (!line) this.salesByLine.set(p.productLine, (line = new Series()));
        line.add(t, amount);
        return;
      }
      case "deal.registered": {
        const p = event.payload as EventPayload<"deal.registered">;
        this.dealAmounts.set(
          p.dealId,
          moneyAt(p.amount, event.occurredAt, this.rates).amountReportingMinor,
        );
        this.dealsRegistered.add(t, 1);
        return;
      }
      case "deal.status_changed": {
        const p = event.payload as EventPayload<"deal.status_changed">;
        const amount = this.dealAmounts.get(p.dealId);
        if (p.to !== "won" || amount === undefined || this.wonDeals.has(p.dealId)) return;
        this.wonDeals.add(p.dealId);
        this.dealsWon.add(t, amount);
        return;
      }
      case "training.completed": {
        const p = event.payload as EventPayload<"training.completed">;
        if (this.completedTrainings.has(p.trainingId)) return;
        this.completedTrainings.add(p.trainingId);
        this.trainingsCompleted.add(t, 1);
        return;
      }
      case "csat.recorded":
        this.csat.add(t, toHundredths((event.payload as EventPayload<"csat.recorded">).score));
        return;
      case "certification.earned": {
        const p = event.payload as EventPayload<"certification.earned">;
        this.certifications.set(p.certificationId, {
          earnedAt: t,
          expiresAt: p.expiresAt ? toInstant(p.expiresAt).getTime() : null,
          expiredAt: null,
        });
        return;
      }
      case "certification.expired": {
        const id = (event.payload as EventPayload<"certification.expired">).certificationId;
        const c = this.certifications.get(id);
        if (c) this.certifications.set(id, { ...c, expiredAt: t });
        return;
      }
      case "lead.assigned":
        this.leads.set((event.payload as EventPayload<"lead.assigned">).leadId, "assigned");
        return;
      case "lead.status_changed": {
        const p = event.payload as EventPayload<"lead.status_changed">;
        if (this.leads.has(p.leadId)) this.leads.set(p.leadId, p.to);
        return;
      }
      default:
        return;
    }
  }

  /** The metric's value as of `asOf` (windows per `metricRange`). */
  value(ref: MetricRef, asOf: Date): number {
    const { start, end } = metricRange(ref, asOf);
    const metric: MetricName = ref.metric;
    switch (metric) {
      case "sales_amount":
        return this.salesSeries(ref.productLine).range(start, end).sum;
      case "sales_count":
        return this.salesSeries(ref.productLine).range(start, end).count;
      case "deals_won_count":
        return this.dealsWon.range(start, end).count;
      case "deals_won_amount":
        return this.dealsWon.range(start, end).sum;
      case "deals_registered_count":
        return this.dealsRegistered.range(start, end).count;
      case "trainings_completed":
        return this.trainingsCompleted.range(start, end).count;
      case "csat_count":
        return this.csat.range(start, end).count;
      case "csat_average": {
        const r = this.csat.range(start, end);
        return csatAverage(r.count, r.sum);
      }
      case "certifications_held": {
        const at = asOf.getTime();
        let n = 0;
        for (const c of this.certifications.values()) {
          if (
            c.earnedAt <= at &&
            (c.expiresAt === null || c.expiresAt > at) &&
            (c.expiredAt === null || c.expiredAt > at)
          )
            n++;
        }
        return n;
      }
      case "open_leads": {
        let n = 0;
        for (const status of this.leads.values()) if (OPEN.has(status)) n++;
        return n;
      }
      default: {
        const never: never = metric;
        throw new RangeError(
          `unknown metric ${String(never)} (known: ${Object.keys(METRICS).join(", ")})`,
        );
      }
    }
  }

  private salesSeries(line: ProductLine | undefined): Series {
    return line ? (this.salesByLine.get(line) ?? EMPTY) : this.sales;
  }
}

const EMPTY = new Series();
