/**
 * Ledger × (D, L, grace) → one metrics row per (customer, currency), the documents open at
 * D, unallocated credit and the portfolio KPIs. A pure function: D is an input, no clock.
 *
 * `MetricsFold` takes the documents one at a time and folds each into its row's
 * accumulator (documents issued after D are ignored), so the documents of a large export
 * are measured as they are read and never held together (load-ledger.ts);
 * `computeMetrics` is the same fold over a ledger in memory. A customer with no document up
 * to D gets one row with an empty currency, unless it was created after D (it did not
 * exist then).
 */
import type { Cents } from "../ledger/money.js";
import type { Customer, Ledger, LedgerDocument } from "../ledger/types.js";
import { CEI_DAYS, CustomerAccumulator } from "./customer-accumulator.js";
import { portfolioKpis } from "./portfolio.js";
import { settlementOf, type Settlement } from "./settlement.js";
import { compareText } from "../util/compare.js";
import { rowKey, type CeiInputs, type CustomerMetrics, type DocumentTotals, type MetricsOptions, type MetricsResult, type OpenItem, type PortfolioKpis } from "./types.js";

export function computeMetrics(ledger: Ledger, options: MetricsOptions): MetricsResult {
  const customers = new Map(ledger.customers.map((c) => [c.customer_id, c]));
  const fold = new MetricsFold(settlementOf(ledger), options, (id) => customers.get(id));
  for (const doc of ledger.documents) fold.add(doc);
  return fold.finish(ledger.customers);
}

export class MetricsFold {
  /** customer id → its accumulators, one a currency */
  private readonly byCustomer = new Map<string, CustomerAccumulator[]>();
  /** the same lists by the customer's index, as far as documents gave it */
  private readonly byIndex: (CustomerAccumulator[] | undefined)[] = [];
  private readonly totals = new Map<string, DocumentTotals>();
  /** the accumulator of the document before: exports list a customer's documents together, so most look-ups end here */
  private last: CustomerAccumulator | null = null;

  /** `settlement` has been given every payment; `customerOf` knows the customer of every document added. */
  constructor(
    private readonly settlement: Settlement,
    private readonly options: MetricsOptions,
    private readonly customerOf: (id: string) => Customer | undefined,
  ) {}

  /**
   * `customer`: the customer's place among those the ledger knows (the assembler's
   * lastCustomerIndex), when the caller has it: its accumulators are then found by it, not
   * by a look-up of its id (a cache miss or more a document, in an export in date order).
   * `entry`: the document's entry in the keys of the settlement's payments (the assembler's
   * lastDocumentEntry), when the caller has it; its payments are then found by it.
   */
  add(doc: LedgerDocument, customer = -1, entry = -1): void {
    const D = this.options.asOf;
    if (doc.issue_date > D) {
      this.settlement.claim(doc, entry); // ignored until issued, but the payments naming it are its own
      return;
    }
    const f = this.settlement.facts(doc, D, D - CEI_DAYS, entry);
    let t = this.totals.get(doc.currency);
    if (!t) this.totals.set(doc.currency, (t = { documents: 0, amount: 0, open: 0 }));
    t.documents++;
    t.amount += doc.amount;
    t.open += f.open;
    let acc = this.last !== null && this.last.customer.customer_id === doc.customer_id && this.last.currency === doc.currency ? this.last : undefined;
    if (!acc) {
      // by customer, then currency: no key made a document (a customer has one currency, or a few)
      let accs = customer >= 0 && customer < this.byIndex.length ? this.byIndex[customer] : undefined;
      accs ??= this.byCustomer.get(doc.customer_id);
      if (accs) for (const a of accs) if (a.currency === doc.currency) acc = a;
      if (!acc) {
        const record = this.customerOf(doc.customer_id);
        if (!record) return; // the ledger rejects documents of unknown customers
        acc = new CustomerAccumulator(record, doc.currency, this.options);
        if (accs) accs.push(acc);
        else this.byCustomer.set(doc.customer_id, (accs = [acc]));
      }
      if (customer >= 0) {
        while (this.byIndex.length <= customer) this.byIndex.push(undefined); // no holes: the array stays a plain one
        this.byIndex[customer] = accs;
      }
    }
    this.last = acc;
    acc.add(doc, f.settledOn, f.open, doc.issue_date <= D - CEI_DAYS ? f.openBefore : 0);
  }

  /**
   * The result, once every document was added; `customers` are the ledger's, in its order.
   * At L (100k customers) this took about 0.17 s of a `metrics` run, all of it after the
   * read: each customer's accumulators are found by its index where the documents gave it
   * (a look-up of 100k ids, about 45 ms), and the CEI inputs are made into a table by key
   * only when asked (a key and a record a row, about 50 ms, for a command that never asks).
   */
  finish(customers: readonly Customer[]): MetricsResult {
    const D = this.options.asOf;
    const rows: CustomerMetrics[] = [];
    const openItems = new Map<string, OpenItem[]>();
    // per row in the order made (rows is sorted below): its CEI inputs
    const receivablesBefore: Cents[] = [];
    const invoicedRecently: Cents[] = [];
    for (let i = 0; i < customers.length; i++) {
      const customer = customers[i]!;
      let accs = i < this.byIndex.length ? this.byIndex[i] : undefined;
      if (accs === undefined || accs[0]!.customer !== customer) accs = this.byCustomer.get(customer.customer_id); // not given by index
      if (!accs) {
        if (customer.created_date !== null && customer.created_date > D) continue;
        accs = [new CustomerAccumulator(customer, "", this.options)];
      }
      for (const acc of accs) {
        rows.push(acc.finish());
        if (acc.openItems.length > 0) openItems.set(rowKey(customer.customer_id, acc.currency), acc.openItems); // 100k sets of nothing at L, for a command keeping none
        receivablesBefore.push(acc.receivablesBefore);
        invoicedRecently.push(acc.invoicedRecently);
      }
    }
    const made = rows.slice();
    rows.sort((a, b) => compareText(a.customer_id, b.customer_id) || compareText(a.currency, b.currency));

    const unallocatedCredit = new Map<string, Cents>();
    for (const p of this.settlement.unallocated()) {
      if (p.date > D) continue;
      const key = rowKey(p.customer_id, p.currency);
      unallocatedCredit.set(key, (unallocatedCredit.get(key) ?? 0) + p.amount);
    }

    const documentTotals = new Map([...this.totals].sort((a, b) => compareText(a[0], b[0])));
    // the CEI inputs and the portfolio's KPIs when first asked for: `metrics` as CSV or JSON never does (at L, 100k rows read again)
    const options = this.options;
    let ceiInputs: Map<string, CeiInputs> | null = null;
    let portfolio: PortfolioKpis[] | null = null;
    const result: MetricsResult = {
      rows, openItems, unallocatedCredit, settlementDatesKnown: this.settlement.datesKnown, documentTotals,
      get ceiInputs() {
        return (ceiInputs ??= new Map(made.map((r, k) => [rowKey(r.customer_id, r.currency), { receivablesBefore: receivablesBefore[k]!, invoicedRecently: invoicedRecently[k]! }])));
      },
      get portfolio() {
        return (portfolio ??= portfolioKpis(rows, result, options));
      },
    };
    return result;
  }
}
