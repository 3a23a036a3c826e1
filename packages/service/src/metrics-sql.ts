import {
  OPEN_LEAD_STATUSES,
  csatAverage,
  metricKey,
  metricRange,
  type MetricName,
  type MetricRef,
} from "@partnerflow/domain";
import { schema, type DbOrTx } from "@partnerflow/db";
import { and, eq, gte, inArray, isNull, lt, lte, or, gt, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

const s = schema;

function inRange(col: PgColumn, ref: MetricRef, asOf: Date): SQL {
  const { start, end } = metricRange(ref, asOf);
  return and(gte(col, new Date(start)), lt(col, new Date(end)))!;
}

async function countSum(
  db: DbOrTx,
  table: typeof s.sales | typeof s.deals,
  amount: PgColumn,
  where: SQL | undefined,
): Promise<{ count: number; sum: number }> {
  const [row] = await db
    .select({ count: sql<string>`count(*)`, sum: sql<string>`coalesce(sum(${amount}), 0)` })
    .from(table)
    .where(where);
  return { count: Number(row?.count ?? 0), sum: Number(row?.sum ?? 0) };
}

/**
 * One metric of a partner from SQL aggregates over the projection tables, with the same
 * windows as MetricAccumulator (`metricRange`: windowBounds clipped to `asOf`). Money metrics
 * answer reporting-currency minor units; `productLine` filters the sales metrics only.
 */
export async function metricFromSql(
  db: DbOrTx,
  partnerId: string,
  ref: MetricRef,
  asOf: Date,
): Promise<number> {
  const metric: MetricName = ref.metric;
  switch (metric) {
    case "sales_amount":
    case "sales_count": {
      const r = await countSum(
        db,
        s.sales,
        s.sales.amountReportingMinor,
        and(
          eq(s.sales.partnerId, partnerId),
          inRange(s.sales.soldAt, ref, asOf),
          ref.productLine ? eq(s.sales.productLine, ref.productLine) : undefined,
        ),
      );
      return metric === "sales_amount" ? r.sum : r.count;
    }
    case "deals_won_count":
    case "deals_won_amount": {
      const r = await countSum(
        db,
        s.deals,
        s.deals.amountReportingMinor,
        and(eq(s.deals.partnerId, partnerId), inRange(s.deals.wonAt, ref, asOf)),
      );
      return metric === "deals_won_amount" ? r.sum : r.count;
    }
    case "deals_registered_count":
      return (
        await countSum(
          db,
          s.deals,
          s.deals.amountReportingMinor,
          and(eq(s.deals.partnerId, partnerId), inRange(s.deals.registeredAt, ref, asOf)),
        )
      ).count;
    case "trainings_completed": {
      const [row] = await db
        .select({ count: sql<string>`count(*)` })
        .from(s.trainings)
        .where(
          and(eq(s.trainings.partnerId, partnerId), inRange(s.trainings.completedAt, ref, asOf)),
        );
      return Number(row?.count ?? 0);
    }
    case "csat_count":
    case "csat_average": {
      const [row] = await db
        .select({
          count: sql<string>`count(*)`,
          sum: sql<string>`coalesce(sum(${s.csatScores.score}), 0)`,
        })
        .from(s.csatScores)
        .where(
          and(eq(s.csatScores.partnerId, partnerId), inRange(s.csatScores.recordedAt, ref, asOf)),
        );
      const count = Number(row?.count ?? 0);
      if (metric === "csat_count") return count;
      return csatAverage(count, Math.round(Number(row?.sum ?? 0) * 100));
    }
    case "certifications_held": {
      const c = s.certifications;
      const [row] = await db
        .select({ count: sql<string>`count(*)` })
        .from(c)
        .where(
          and(
            eq(c.partnerId, partnerId),
            lte(c.earnedAt, asOf),
            or(isNull(c.expiresAt), gt(c.expiresAt, asOf)),
            or(isNull(c.expiredAt), gt(c.expiredAt, asOf)),
          ),
        );
      return Number(row?.count ?? 0);
    }
    case "open_leads": {
      const [row] = await db
        .select({ count: sql<string>`count(*)` })
        .from(s.leads)
        .where(
          and(eq(s.leads.partnerId, partnerId), inArray(s.leads.status, [...OPEN_LEAD_STATUSES])),
        );
      return Number(row?.count ?? 0);
    }
    default: {
      const never: never = metric;
      throw new RangeError(`unknown metric ${String(never)}`);
    }
  }
}

/** Several metrics of a partner, keyed by `metricKey(ref)`. */
export async function metricsFromSql(
  db: DbOrTx,
  partnerId: string,
  refs: readonly MetricRef[],
  asOf: Date,
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const ref of refs) out[metricKey(ref)] = await metricFromSql(db, partnerId, ref, asOf);
  return out;
}
