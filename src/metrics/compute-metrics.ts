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
import { CEI_DAYS, CustomerAccumulators } from "./customer-accumulators.js";
import { reserved, roomFor } from "../util/typed-arrays.js";
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
  /** every (customer, currency) row's running sums */
  private readonly rows: CustomerAccumulators;
  /** customer id → its first row; a customer's other rows (other currencies) follow through `nextRow` */
  private readonly byCustomer = new Map<string, number>();
  /** per row, the next row of the same customer, -1 for none */
  private nextRow = new Int32Array(1024);
  /** the first row of each customer by its index, as far as documents gave it: the row + 1, 0 for none */
  private byIndex = new Int32Array(1024);
  private readonly totals = new Map<string, DocumentTotals>();
  private lastCurrency = "";
  private lastTotals: DocumentTotals | null = null;
  /** the row of the document before: exports list a customer's documents together, so most look-ups end here */
  private last = -1;

  /** `settlement` has been given every payment; `customerOf` knows the customer of every document added. */
  constructor(
    private readonly settlement: Settlement,
    private readonly options: MetricsOptions,
    private readonly customerOf: (id: string) => Customer | undefined,
  ) {
    this.rows = new CustomerAccumulators(options);
  }

  /**
   * About `customers` customers are coming (those of the customers export): room for their
   * rows is made at once, with a quarter more for the rows of second currencies (room not
   * used costs no memory: reserved in typed-arrays.ts). Room for one row each was grown by
   * a copy of the sums (20 MB at L, 15 ms of a profile) when the 2.6 % of customers billed
   * in two currencies passed it.
   */
  reserve(customers: number): void {
    const rows = customers + Math.ceil(customers / 4);
    this.rows.reserve(rows);
    this.nextRow = reserved(this.nextRow, rows);
    this.byIndex = reserved(this.byIndex, customers);
  }

  /**
   * `customer`: the customer's place among those the ledger knows (the assembler's
   * lastCustomerIndex), when the caller has it: its rows are then found by it, not by a
   * look-up of its id (a cache miss or more a document, in an export in date order).
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
    let t = this.lastTotals; // the currency of the document before, most often (a look-up a document otherwise)
    if (t === null || doc.currency !== this.lastCurrency) {
      t = this.totals.get(doc.currency) ?? null;
      if (t === null) this.totals.set(doc.currency, (t = { documents: 0, amount: 0, open: 0 }));
      this.lastCurrency = doc.currency;
      this.lastTotals = t;
    }
    t.documents++;
    t.amount += doc.amount;
    t.open += f.open;
    const rows = this.rows;
    let row = this.last;
    if (row === -1 || rows.customer(row).customer_id !== doc.customer_id || rows.currency(row) !== doc.currency) {
      // by customer, then currency: no key made a document (a customer has one currency, or a few)
      let first = customer >= 0 && customer < this.byIndex.length ? this.byIndex[customer]! - 1 : -1;
      if (first === -1) first = this.byCustomer.get(doc.customer_id) ?? -1;
      row = -1;
      let tail = -1;
      for (let r = first; r !== -1; r = this.nextRow[r]!) {
        if (rows.currency(r) === doc.currency) row = r;
        tail = r;
      }
      if (row === -1) {
        const record = this.customerOf(doc.customer_id);
        if (!record) return; // the ledger rejects documents of unknown customers
        row = rows.create(record, doc.currency);
        this.nextRow = roomFor(this.nextRow, row);
        this.nextRow[row] = -1;
        if (tail !== -1) this.nextRow[tail] = row;
        else {
          first = row;
          this.byCustomer.set(doc.customer_id, row);
        }
      }
      if (customer >= 0) {
        this.byIndex = roomFor(this.byIndex, customer);
        this.byIndex[customer] = first + 1;
      }
    }
    this.last = row;
    rows.add(row, doc, f.settledOn, f.open, doc.issue_date <= D - CEI_DAYS ? f.openBefore : 0);
  }

  /**
   * The result, once every document was added; `customers` are the ledger's, in its order.
   * Each customer's rows are found by its index where the documents gave it (a look-up of
   * 100k ids at L, about 45 ms), and the CEI inputs are made into a table by key only when
   * asked (a key and a record a row, about 50 ms, for a command that never asks).
   *
   * The rows' records are made when first asked for (`rows`), or one at a time and kept by
   * nobody (`oneByOne`, for a CSV): at L, 102k records with their boxed ratios, about 35 MB,
   * that the young generation's collector copied twice while they waited for the CSV.
   */
  finish(customers: readonly Customer[]): MetricsResult {
    const D = this.options.asOf;
    const accumulators = this.rows;
    const openItems = new Map<string, OpenItem[]>();
    // the rows, in the order made (customers' order, a customer's currencies in turn) until sorted below
    const order: number[] = [];
    for (let i = 0; i < customers.length; i++) {
      const customer = customers[i]!;
      let first = i < this.byIndex.length ? this.byIndex[i]! - 1 : -1;
      if (first === -1 || accumulators.customer(first) !== customer) first = this.byCustomer.get(customer.customer_id) ?? -1; // not given by index
      if (first === -1) {
        if (customer.created_date !== null && customer.created_date > D) continue;
        first = accumulators.create(customer, "");
        this.nextRow = roomFor(this.nextRow, first);
        this.nextRow[first] = -1;
      }
      for (let r = first; r !== -1; r = this.nextRow[r]!) {
        order.push(r);
        const items = accumulators.sortedOpenItems(r);
        if (items.length > 0) openItems.set(rowKey(customer.customer_id, accumulators.currency(r)), items as OpenItem[]); // 100k sets of nothing at L, for a command keeping none
      }
    }
    order.sort((a, b) => compareText(accumulators.customer(a).customer_id, accumulators.customer(b).customer_id) || compareText(accumulators.currency(a), accumulators.currency(b)));

    const unallocatedCredit = new Map<string, Cents>();
    for (const p of this.settlement.unallocated()) {
      if (p.date > D) continue;
      const key = rowKey(p.customer_id, p.currency);
      unallocatedCredit.set(key, (unallocatedCredit.get(key) ?? 0) + p.amount);
    }

    const documentTotals = new Map([...this.totals].sort((a, b) => compareText(a[0], b[0])));
    // the CEI inputs and the portfolio's KPIs when first asked for: `metrics` as CSV or JSON never does (at L, 100k rows read again)
    const options = this.options;
    let rows: CustomerMetrics[] | null = null;
    let ceiInputs: Map<string, CeiInputs> | null = null;
    let portfolio: PortfolioKpis[] | null = null;
    const result: MetricsResult = {
      openItems, unallocatedCredit, settlementDatesKnown: this.settlement.datesKnown, documentTotals,
      rowCount: order.length,
      get rows() {
        return (rows ??= order.map((r) => accumulators.finish(r)));
      },
      oneByOne: {
        *[Symbol.iterator]() {
          if (rows !== null) yield* rows;
          else for (const r of order) yield accumulators.finish(r);
        },
      },
      get ceiInputs() {
        return (ceiInputs ??= new Map(order.map((r) => [rowKey(accumulators.customer(r).customer_id, accumulators.currency(r)), { receivablesBefore: accumulators.receivablesBefore(r), invoicedRecently: accumulators.invoicedRecently(r) }])));
      },
      get portfolio() {
        return (portfolio ??= portfolioKpis(result.rows, result, options));
      },
    };
    return result;
  }
}
