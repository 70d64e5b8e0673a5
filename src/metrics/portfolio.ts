/**
 * Portfolio KPIs (metrics.md): over any set of customer rows (all of them, or a
 * segment's), one result per currency. Each ratio is one division of exact integer sums.
 *
 *   dso               = Σ open_balance / Σ revenue × L
 *   best_possible_dso = Σ aging_not_due / Σ revenue × L
 *   add               = dso − best_possible_dso
 *   overdue_share     = Σ overdue_balance / Σ open_balance
 *   cei (%)           = (AR(D−30) + invoiced(D−30, D] − AR(D)) / (AR(D−30) + invoiced(D−30, D] − not-yet-due AR(D)) × 100
 */
import { compareText } from "../util/compare.js";
import { rowKey, type CustomerMetrics, type MetricsOptions, type MetricsResult, type PortfolioKpis } from "./types.js";

export function portfolioKpis(rows: CustomerMetrics[], result: Pick<MetricsResult, "ceiInputs" | "settlementDatesKnown">, options: MetricsOptions): PortfolioKpis[] {
  const sums = new Map<string, { customers: Set<string>; open: number; overdue: number; notDue: number; revenue: number; before: number; invoiced: number }>();
  for (const r of rows) {
    if (r.currency === "") continue;
    const s = sums.get(r.currency) ?? { customers: new Set(), open: 0, overdue: 0, notDue: 0, revenue: 0, before: 0, invoiced: 0 };
    s.customers.add(r.customer_id);
    s.open += r.open_balance;
    s.overdue += r.overdue_balance;
    s.notDue += r.aging_not_due;
    s.revenue += r.revenue;
    const cei = result.ceiInputs.get(rowKey(r.customer_id, r.currency));
    s.before += cei?.receivablesBefore ?? 0;
    s.invoiced += cei?.invoicedRecently ?? 0;
    sums.set(r.currency, s);
  }
  const L = options.windowDays;
  return [...sums.entries()]
    .sort((a, b) => compareText(a[0], b[0]))
    .map(([currency, s]) => {
      const dso = s.revenue <= 0 ? null : (s.open * L) / s.revenue;
      const best = s.revenue <= 0 ? null : (s.notDue * L) / s.revenue;
      const ceiDenominator = s.before + s.invoiced - s.notDue;
      return {
        currency,
        customers: s.customers.size,
        open_balance: s.open,
        overdue_balance: s.overdue,
        revenue: s.revenue,
        dso,
        best_possible_dso: best,
        add: dso === null || best === null ? null : ((s.open - s.notDue) * L) / s.revenue,
        overdue_share: s.open === 0 ? null : s.overdue / s.open,
        cei: !result.settlementDatesKnown || ceiDenominator === 0 ? null : ((s.before + s.invoiced - s.open) * 100) / ceiDenominator,
      };
    });
}
