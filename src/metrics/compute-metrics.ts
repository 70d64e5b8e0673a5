/**
 * Ledger × (D, L, grace) → one metrics row per (customer, currency), the documents open at
 * D, unallocated credit and the portfolio KPIs. A pure function: D is an input, no clock.
 *
 * One pass over the documents folds each into its row's accumulator (documents issued
 * after D are ignored). A customer with no document up to D gets one row with an empty
 * currency, unless it was created after D (it did not exist then).
 */
import type { Cents } from "../ledger/money.js";
import type { Ledger } from "../ledger/types.js";
import { CEI_DAYS, CustomerAccumulator } from "./customer-accumulator.js";
import { portfolioKpis } from "./portfolio.js";
import { settlementOf } from "./settlement.js";
import { compareText } from "../util/compare.js";
import { rowKey, type CeiInputs, type CustomerMetrics, type DocumentTotals, type MetricsOptions, type MetricsResult, type OpenItem } from "./types.js";

export function computeMetrics(ledger: Ledger, options: MetricsOptions): MetricsResult {
  const D = options.asOf;
  const settlement = settlementOf(ledger);
  const customers = new Map(ledger.customers.map((c) => [c.customer_id, c]));
  const accumulators = new Map<string, CustomerAccumulator>();
  const byCustomer = new Map<string, CustomerAccumulator[]>();

  const totals = new Map<string, DocumentTotals>();
  for (const doc of ledger.documents) {
    if (doc.issue_date > D) {
      settlement.claim(doc); // ignored until issued, but the payments naming it are its own
      continue;
    }
    const f = settlement.facts(doc, D, D - CEI_DAYS);
    let t = totals.get(doc.currency);
    if (!t) totals.set(doc.currency, (t = { documents: 0, amount: 0, open: 0 }));
    t.documents++;
    t.amount += doc.amount;
    t.open += f.open;
    const key = rowKey(doc.customer_id, doc.currency);
    let acc = accumulators.get(key);
    if (!acc) {
      const customer = customers.get(doc.customer_id);
      if (!customer) continue; // the ledger rejects documents of unknown customers
      acc = new CustomerAccumulator(customer, doc.currency, options);
      accumulators.set(key, acc);
      byCustomer.set(doc.customer_id, [...(byCustomer.get(doc.customer_id) ?? []), acc]);
    }
    acc.add(doc, f.settledOn, f.open, doc.issue_date <= D - CEI_DAYS ? f.openBefore : 0);
  }

  const rows: CustomerMetrics[] = [];
  const openItems = new Map<string, OpenItem[]>();
  const ceiInputs = new Map<string, CeiInputs>();
  for (const customer of ledger.customers) {
    let accs = byCustomer.get(customer.customer_id);
    if (!accs) {
      if (customer.created_date !== null && customer.created_date > D) continue;
      accs = [new CustomerAccumulator(customer, "", options)];
    }
    for (const acc of accs) {
      const key = rowKey(customer.customer_id, acc.currency);
      rows.push(acc.finish());
      openItems.set(key, acc.openItems);
      ceiInputs.set(key, { receivablesBefore: acc.receivablesBefore, invoicedRecently: acc.invoicedRecently });
    }
  }
  rows.sort((a, b) => compareText(a.customer_id, b.customer_id) || compareText(a.currency, b.currency));

  const unallocatedCredit = new Map<string, Cents>();
  for (const p of settlement.unallocated()) {
    if (p.date > D) continue;
    const key = rowKey(p.customer_id, p.currency);
    unallocatedCredit.set(key, (unallocatedCredit.get(key) ?? 0) + p.amount);
  }

  const documentTotals = new Map([...totals].sort((a, b) => compareText(a[0], b[0])));
  const result: MetricsResult = { rows, openItems, unallocatedCredit, ceiInputs, settlementDatesKnown: settlement.datesKnown, portfolio: [], documentTotals };
  result.portfolio = portfolioKpis(rows, result, options);
  return result;
}
