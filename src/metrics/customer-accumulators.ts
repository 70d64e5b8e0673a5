/**
 * The running sums of each (customer, currency) row. Documents are folded in one at a time
 * (paid ones leave only sums behind; open ones are kept for the action lists), then
 * `finish` turns a row's sums into the metrics of metrics.md, each mean or ratio being one
 * division of exact integer sums.
 *
 * The rows' sums are one table of numbers (a row's FIELDS side by side, three cache lines),
 * not an object a row: at 100k customers the objects (each with its sums boxed, its aging
 * array, its weighted sum, its list) were about 67 MB, all alive to the end, each copied
 * twice by the young generation's collector as the documents were read.
 */
import type { Day } from "../ledger/day.js";
import type { Cents } from "../ledger/money.js";
import type { Customer, LedgerDocument } from "../ledger/types.js";
import { ExactSum } from "./exact-sum.js";
import { compareText } from "../util/compare.js";
import { reserved, roomFor } from "../util/typed-arrays.js";
import type { CustomerMetrics, MetricsOptions, OpenItem } from "./types.js";

/** Days a recent payment lies within, for trend_days_late. */
export const TREND_DAYS = 90;
/** CEI looks back this many days. */
export const CEI_DAYS = 30;

// a row's sums, at these places from its start (row × FIELDS); counts are sums too
// paid set P
const PAID_COUNT = 0;
const SUM_DAYS_TO_PAY = 1;
const SUM_DAYS_LATE = 2;
/** Σ amount × days late while it is a safe integer; NaN once it went past (the row's ExactSum in `weighted` then) */
const WEIGHTED_LATE = 3;
const PAID_AMOUNT = 4;
const ON_TIME = 5;
const RECENT_COUNT = 6;
const RECENT_LATE = 7;
// position at D
const OPEN_BALANCE = 8;
const OVERDUE_BALANCE = 9;
const OPEN_COUNT = 10;
const OVERDUE_COUNT = 11;
const MAX_DAYS_PAST_DUE = 12;
/** aging buckets: not due, 1–30, 31–60, 61–90, 90+ */
const AGING = 13;
const DISPUTES = 18;
const REVENUE = 19;
/** the first issue date, NaN before the first document */
const FIRST_ISSUE = 20;
/** KPI inputs: receivables at the end of D−30 and invoiced in (D−30, D]. */
const RECEIVABLES_BEFORE = 21;
const INVOICED_RECENTLY = 22;
const FIELDS = 24; // 23 used, 3 × 64 bytes

export class CustomerAccumulators {
  private sums = new Float64Array(FIELDS * 1024);
  private readonly customers: Customer[] = [];
  private readonly currencies: string[] = [];
  /** per row, its documents open at D (none until one is) */
  private readonly open: (OpenItem[] | undefined)[] = [];
  /** the rows whose weighted lateness went past 2^53 */
  private readonly weighted = new Map<number, ExactSum>();
  size = 0;

  constructor(private readonly o: MetricsOptions) {}

  /** Room for `rows` rows, made once (an estimate: more still fit) instead of grown by copies (20 MB for 100k rows; the copies were 24 ms of a profile at L). */
  reserve(rows: number): void {
    this.sums = reserved(this.sums, rows * FIELDS);
  }

  /** A new row of that customer and currency, its sums zero; its number. */
  create(customer: Customer, currency: string): number {
    const row = this.size++;
    this.sums = roomFor(this.sums, row * FIELDS + FIELDS - 1); // room added is zeros
    this.sums[row * FIELDS + FIRST_ISSUE] = NaN;
    this.customers.push(customer);
    this.currencies.push(currency);
    this.open.push(undefined);
    return row;
  }

  customer(row: number): Customer {
    return this.customers[row]!;
  }

  currency(row: number): string {
    return this.currencies[row]!;
  }

  /** The row's documents open at D, most overdue first (none: empty), once every document was added. */
  sortedOpenItems(row: number): readonly OpenItem[] {
    const items = this.open[row];
    if (items === undefined) return NO_ITEMS;
    if (items.length > 1) items.sort((a, b) => a.due_date - b.due_date || compareText(a.invoice_id, b.invoice_id));
    return items;
  }

  receivablesBefore(row: number): Cents {
    return this.sums[row * FIELDS + RECEIVABLES_BEFORE]!;
  }

  invoicedRecently(row: number): Cents {
    return this.sums[row * FIELDS + INVOICED_RECENTLY]!;
  }

  /**
   * Folds one document issued on or before D into the row. `settled` is its settlement day
   * (or null), `open` its open amount at the end of D, `openBefore` at the end of D−30.
   */
  add(row: number, doc: LedgerDocument, settled: Day | null, open: Cents, openBefore: Cents): void {
    const s = this.sums;
    const at = row * FIELDS;
    const D = this.o.asOf;
    // the window (D − windowDays, D], compared in line: a closure here was an object a document (365 MB allocated at L)
    const windowStart = D - this.o.windowDays;
    const first = s[at + FIRST_ISSUE]!;
    if (first !== first || doc.issue_date < first) s[at + FIRST_ISSUE] = doc.issue_date;
    const issuedInWindow = doc.issue_date > windowStart && doc.issue_date <= D;
    if (issuedInWindow) s[at + REVENUE]! += doc.amount;
    if (doc.issue_date > D - CEI_DAYS) s[at + INVOICED_RECENTLY]! += doc.amount;
    else s[at + RECEIVABLES_BEFORE]! += openBefore;

    const isInvoice = doc.kind === "invoice";
    if (isInvoice && settled !== null && settled > windowStart && settled <= D) {
      const late = settled - doc.due_date;
      s[at + PAID_COUNT]!++;
      s[at + SUM_DAYS_TO_PAY]! += settled - doc.issue_date;
      s[at + SUM_DAYS_LATE]! += late;
      this.addWeighted(row, doc.amount, late);
      s[at + PAID_AMOUNT]! += doc.amount;
      if (late <= this.o.graceDays) s[at + ON_TIME]!++;
      if (settled > D - TREND_DAYS) {
        s[at + RECENT_COUNT]!++;
        s[at + RECENT_LATE]! += late;
      }
    }

    const pastDue = D - doc.due_date;
    s[at + OPEN_BALANCE]! += open;
    s[at + AGING + (pastDue <= 0 ? 0 : pastDue <= 30 ? 1 : pastDue <= 60 ? 2 : pastDue <= 90 ? 3 : 4)]! += open;
    if (isInvoice && open > 0) {
      s[at + OPEN_COUNT]!++;
      if (pastDue > 0) {
        s[at + OVERDUE_COUNT]!++;
        s[at + OVERDUE_BALANCE]! += open;
        if (pastDue > s[at + MAX_DAYS_PAST_DUE]!) s[at + MAX_DAYS_PAST_DUE] = pastDue;
      }
    }
    if (isInvoice && doc.disputed && (open > 0 || issuedInWindow)) s[at + DISPUTES]!++;
    if (open !== 0 && this.o.keepOpenItems !== false) {
      (this.open[row] ??= []).push({
        customer_id: doc.customer_id, currency: doc.currency, invoice_id: doc.invoice_id, kind: doc.kind,
        issue_date: doc.issue_date, due_date: doc.due_date, due_date_estimated: doc.due_date_estimated,
        amount: doc.amount, open, disputed: doc.disputed,
      });
    }
  }

  /** The row's metrics, once every document was added (a new record at each call). */
  finish(row: number): CustomerMetrics {
    const s = this.sums;
    const at = row * FIELDS;
    const D = this.o.asOf;
    const customer = this.customers[row]!;
    const n = s[at + PAID_COUNT]!;
    const recentCount = s[at + RECENT_COUNT]!;
    const sumDaysLate = s[at + SUM_DAYS_LATE]!;
    const paidAmount = s[at + PAID_AMOUNT]!;
    const openBalance = s[at + OPEN_BALANCE]!;
    const revenue = s[at + REVENUE]!;
    const firstSeen = s[at + FIRST_ISSUE]!;
    const firstIssue = firstSeen === firstSeen ? firstSeen : null;
    const created = customer.created_date;
    const start = created !== null && created <= D ? (firstIssue === null ? created : Math.min(created, firstIssue)) : firstIssue;
    const limit = customer.credit_limit;
    const olderCount = n - recentCount;
    return {
      customer_id: customer.customer_id,
      currency: this.currencies[row]!,
      paid_count: n,
      avg_days_to_pay: mean(s[at + SUM_DAYS_TO_PAY]!, n),
      avg_days_late: mean(sumDaysLate, n),
      wavg_days_late: n === 0 || paidAmount === 0 ? null : this.weightedLate(row, paidAmount),
      on_time_rate: mean(s[at + ON_TIME]!, n),
      open_balance: openBalance,
      overdue_balance: s[at + OVERDUE_BALANCE]!,
      open_count: s[at + OPEN_COUNT]!,
      overdue_count: s[at + OVERDUE_COUNT]!,
      max_days_past_due: s[at + MAX_DAYS_PAST_DUE]!,
      aging_not_due: s[at + AGING]!,
      aging_1_30: s[at + AGING + 1]!,
      aging_31_60: s[at + AGING + 2]!,
      aging_61_90: s[at + AGING + 3]!,
      aging_90_plus: s[at + AGING + 4]!,
      dispute_count: s[at + DISPUTES]!,
      revenue,
      tenure_days: start === null ? null : D - start,
      credit_limit_use: limit === null || limit === 0 ? null : openBalance / limit,
      dso: revenue <= 0 ? null : (openBalance * this.o.windowDays) / revenue,
      trend_days_late: recentCount === 0 || olderCount === 0 ? null : s[at + RECENT_LATE]! / recentCount - (sumDaysLate - s[at + RECENT_LATE]!) / olderCount,
    };
  }

  /** Adds amount × late to the row's weighted lateness, exactly: in the table while safe, in an ExactSum beyond. */
  private addWeighted(row: number, amount: number, late: number): void {
    const at = row * FIELDS + WEIGHTED_LATE;
    const small = this.sums[at]!;
    if (small === small) {
      const p = amount * late;
      const next = small + p;
      if (Number.isSafeInteger(p) && Number.isSafeInteger(next)) {
        this.sums[at] = next;
        return;
      }
      const sum = new ExactSum();
      sum.add(small);
      this.weighted.set(row, sum);
      this.sums[at] = NaN;
    }
    this.weighted.get(row)!.addProduct(amount, late);
  }

  /** The row's weighted lateness divided by `divisor`: one division, to double precision. */
  private weightedLate(row: number, divisor: number): number {
    const small = this.sums[row * FIELDS + WEIGHTED_LATE]!;
    return small === small ? small / divisor : this.weighted.get(row)!.divide(divisor);
  }
}

const NO_ITEMS: readonly OpenItem[] = Object.freeze([]);

function mean(sum: number, count: number): number | null {
  return count === 0 ? null : sum / count;
}
