/**
 * The running sums of one (customer, currency) row. Documents are folded in one at a time
 * (paid ones leave only sums behind; open ones are kept for the action lists), then
 * `finish` turns the sums into the metrics of metrics.md, each mean or ratio being one
 * division of exact integer sums.
 */
import type { Day } from "../ledger/day.js";
import type { Cents } from "../ledger/money.js";
import type { Customer, LedgerDocument } from "../ledger/types.js";
import { ExactSum } from "./exact-sum.js";
import { compareText } from "../util/compare.js";
import type { CustomerMetrics, MetricsOptions, OpenItem } from "./types.js";

/** Days a recent payment lies within, for trend_days_late. */
export const TREND_DAYS = 90;
/** CEI looks back this many days. */
export const CEI_DAYS = 30;

export class CustomerAccumulator {
  // paid set P
  private paidCount = 0;
  private sumDaysToPay = 0;
  private sumDaysLate = 0;
  private weightedLate = new ExactSum();
  private paidAmount = 0;
  private onTime = 0;
  private recentCount = 0;
  private recentLate = 0;
  // position at D
  private openBalance = 0;
  private overdueBalance = 0;
  private openCount = 0;
  private overdueCount = 0;
  private maxDaysPastDue = 0;
  private readonly aging = [0, 0, 0, 0, 0];
  private disputes = 0;
  private revenue = 0;
  private firstIssue: Day | null = null;
  /** KPI inputs: receivables at the end of D−30 and invoiced in (D−30, D]. */
  receivablesBefore = 0;
  invoicedRecently = 0;
  readonly openItems: OpenItem[] = [];

  constructor(
    readonly customer: Customer,
    readonly currency: string,
    private readonly o: MetricsOptions,
  ) {}

  /**
   * Folds one document issued on or before D. `settled` is its settlement day (or null),
   * `open` its open amount at the end of D, `openBefore` at the end of D−30.
   */
  add(doc: LedgerDocument, settled: Day | null, open: Cents, openBefore: Cents): void {
    const D = this.o.asOf;
    // the window (D − windowDays, D], compared in line: a closure here was an object a document (365 MB allocated at L)
    const windowStart = D - this.o.windowDays;
    if (this.firstIssue === null || doc.issue_date < this.firstIssue) this.firstIssue = doc.issue_date;
    const issuedInWindow = doc.issue_date > windowStart && doc.issue_date <= D;
    if (issuedInWindow) this.revenue += doc.amount;
    if (doc.issue_date > D - CEI_DAYS) this.invoicedRecently += doc.amount;
    else this.receivablesBefore += openBefore;

    const isInvoice = doc.kind === "invoice";
    if (isInvoice && settled !== null && settled > windowStart && settled <= D) {
      const late = settled - doc.due_date;
      this.paidCount++;
      this.sumDaysToPay += settled - doc.issue_date;
      this.sumDaysLate += late;
      this.weightedLate.addProduct(doc.amount, late);
      this.paidAmount += doc.amount;
      if (late <= this.o.graceDays) this.onTime++;
      if (settled > D - TREND_DAYS) {
        this.recentCount++;
        this.recentLate += late;
      }
    }

    const pastDue = D - doc.due_date;
    this.openBalance += open;
    this.aging[pastDue <= 0 ? 0 : pastDue <= 30 ? 1 : pastDue <= 60 ? 2 : pastDue <= 90 ? 3 : 4]! += open;
    if (isInvoice && open > 0) {
      this.openCount++;
      if (pastDue > 0) {
        this.overdueCount++;
        this.overdueBalance += open;
        if (pastDue > this.maxDaysPastDue) this.maxDaysPastDue = pastDue;
      }
    }
    if (isInvoice && doc.disputed && (open > 0 || issuedInWindow)) this.disputes++;
    if (open !== 0 && this.o.keepOpenItems !== false) {
      this.openItems.push({
        customer_id: doc.customer_id, currency: doc.currency, invoice_id: doc.invoice_id, kind: doc.kind,
        issue_date: doc.issue_date, due_date: doc.due_date, due_date_estimated: doc.due_date_estimated,
        amount: doc.amount, open, disputed: doc.disputed,
      });
    }
  }

  finish(): CustomerMetrics {
    const D = this.o.asOf;
    const n = this.paidCount;
    const created = this.customer.created_date;
    const start = created !== null && created <= D ? (this.firstIssue === null ? created : Math.min(created, this.firstIssue)) : this.firstIssue;
    const limit = this.customer.credit_limit;
    const olderCount = n - this.recentCount;
    if (this.openItems.length > 1) this.openItems.sort((a, b) => a.due_date - b.due_date || compareText(a.invoice_id, b.invoice_id));
    return {
      customer_id: this.customer.customer_id,
      currency: this.currency,
      paid_count: n,
      avg_days_to_pay: mean(this.sumDaysToPay, n),
      avg_days_late: mean(this.sumDaysLate, n),
      wavg_days_late: n === 0 || this.paidAmount === 0 ? null : this.weightedLate.divide(this.paidAmount),
      on_time_rate: mean(this.onTime, n),
      open_balance: this.openBalance,
      overdue_balance: this.overdueBalance,
      open_count: this.openCount,
      overdue_count: this.overdueCount,
      max_days_past_due: this.maxDaysPastDue,
      aging_not_due: this.aging[0]!,
      aging_1_30: this.aging[1]!,
      aging_31_60: this.aging[2]!,
      aging_61_90: this.aging[3]!,
      aging_90_plus: this.aging[4]!,
      dispute_count: this.disputes,
      revenue: this.revenue,
      tenure_days: start === null ? null : D - start,
      credit_limit_use: limit === null || limit === 0 ? null : this.openBalance / limit,
      dso: this.revenue <= 0 ? null : (this.openBalance * this.o.windowDays) / this.revenue,
      trend_days_late: this.recentCount === 0 || olderCount === 0 ? null : this.recentLate / this.recentCount - (this.sumDaysLate - this.recentLate) / olderCount,
    };
  }
}

function mean(sum: number, count: number): number | null {
  return count === 0 ? null : sum / count;
}
