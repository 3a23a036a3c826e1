import type { RouterOutputs } from "@partnerflow/api";
import { formatMinor, formatNumber } from "../../shared/format.ts";

type TotalsRow = RouterOutputs["rewards"]["totals"][number];

/** Sums the API's (currency, kind, status) rows per currency; points are their own unit. */
export function totalsPerCurrency(rows: readonly TotalsRow[]) {
  const money = new Map<string, { minor: number; count: number }>();
  let points = 0;
  let pointEntries = 0;
  for (const r of rows) {
    if (r.amount) {
      const acc = money.get(r.amount.currency) ?? { minor: 0, count: 0 };
      acc.minor += r.amount.minor;
      acc.count += r.count;
      money.set(r.amount.currency, acc);
    }
    if (r.points > 0) {
      points += r.points;
      pointEntries += r.count;
    }
  }
  const currencies = [...money.entries()]
    .map(([currency, v]) => ({ currency, ...v }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
  return { currencies, points, pointEntries };
}

/** One card per currency (never summed across currencies) plus points. */
export function RewardTotals({ rows }: { rows: readonly TotalsRow[] }) {
  const { currencies, points, pointEntries } = totalsPerCurrency(rows);
  if (currencies.length === 0 && pointEntries === 0) return null;
  return (
    <dl className="metrics totals" aria-label="Totals per currency" data-testid="reward-totals">
      {currencies.map((c) => (
        <div key={c.currency} className="metric">
          <dt>
            {c.currency} · {c.count} entries
          </dt>
          <dd>{formatMinor(c.minor, c.currency)}</dd>
        </div>
      ))}
      {pointEntries > 0 ? (
        <div className="metric">
          <dt>Points · {pointEntries} entries</dt>
          <dd>{formatNumber(points)}</dd>
        </div>
      ) : null}
    </dl>
  );
}
