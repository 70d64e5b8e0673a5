/**
 * Per-customer payment-behaviour metrics and portfolio KPIs: the names and meanings of
 * ../shared/spec/metrics.md. Money is integer cents; day measures and rates are the single
 * division of exact integer sums (rounded only when written out).
 */
import type { Cents } from "../ledger/money.js";
import type { Day } from "../ledger/day.js";

export interface MetricsOptions {
  /** D: the ledger as it stood at the end of this day. */
  asOf: Day;
  /** L: the look-back window in days (default 365). */
  windowDays: number;
  /** Days late still counted as on time (default 0). */
  graceDays: number;
  /**
   * false: the documents open at D are measured but not kept (`openItems` is then empty),
   * for commands that plan no action (at 3M documents, about 300k items: 50 MB). Default true.
   */
  keepOpenItems?: boolean;
}

export const DEFAULT_METRICS_OPTIONS = { windowDays: 365, graceDays: 0 } as const;

/** One row per (customer, currency). */
export interface CustomerMetrics {
  customer_id: string;
  /** "" for a customer with no document up to D. */
  currency: string;
  paid_count: number;
  avg_days_to_pay: number | null;
  avg_days_late: number | null;
  wavg_days_late: number | null;
  on_time_rate: number | null;
  open_balance: Cents;
  overdue_balance: Cents;
  open_count: number;
  overdue_count: number;
  max_days_past_due: number;
  aging_not_due: Cents;
  aging_1_30: Cents;
  aging_31_60: Cents;
  aging_61_90: Cents;
  aging_90_plus: Cents;
  dispute_count: number;
  revenue: Cents;
  tenure_days: number | null;
  credit_limit_use: number | null;
  dso: number | null;
  trend_days_late: number | null;
}

/** The output fields, in the contract's order (after customer_id and currency). */
export const METRIC_FIELDS = [
  "paid_count", "avg_days_to_pay", "avg_days_late", "wavg_days_late", "on_time_rate",
  "open_balance", "overdue_balance", "open_count", "overdue_count", "max_days_past_due",
  "aging_not_due", "aging_1_30", "aging_31_60", "aging_61_90", "aging_90_plus",
  "dispute_count", "revenue", "tenure_days", "credit_limit_use", "dso", "trend_days_late",
] as const satisfies readonly (keyof CustomerMetrics)[];

export type MetricField = (typeof METRIC_FIELDS)[number];

/**
 * The metric fields as a record, `value` giving each. Written out as one object literal so
 * every such record shares one compact hidden class: built key by key (a loop,
 * Object.fromEntries), V8 keeps a record of 21 keys as a hash table, about 1 KB, which at
 * 100k customers a run held twice (last month's and this month's state).
 */
export function metricRecord(value: (field: MetricField) => number | null): Record<MetricField, number | null> {
  return {
    paid_count: value("paid_count"), avg_days_to_pay: value("avg_days_to_pay"), avg_days_late: value("avg_days_late"),
    wavg_days_late: value("wavg_days_late"), on_time_rate: value("on_time_rate"),
    open_balance: value("open_balance"), overdue_balance: value("overdue_balance"), open_count: value("open_count"),
    overdue_count: value("overdue_count"), max_days_past_due: value("max_days_past_due"),
    aging_not_due: value("aging_not_due"), aging_1_30: value("aging_1_30"), aging_31_60: value("aging_31_60"),
    aging_61_90: value("aging_61_90"), aging_90_plus: value("aging_90_plus"),
    dispute_count: value("dispute_count"), revenue: value("revenue"), tenure_days: value("tenure_days"),
    credit_limit_use: value("credit_limit_use"), dso: value("dso"), trend_days_late: value("trend_days_late"),
  };
}

/** How each field is written: money in major units (2 decimals), counts and days as integers, ratios with 4 decimals. */
export const FIELD_KIND: Record<MetricField, "money" | "count" | "ratio"> = {
  paid_count: "count", avg_days_to_pay: "ratio", avg_days_late: "ratio", wavg_days_late: "ratio", on_time_rate: "ratio",
  open_balance: "money", overdue_balance: "money", open_count: "count", overdue_count: "count", max_days_past_due: "count",
  aging_not_due: "money", aging_1_30: "money", aging_31_60: "money", aging_61_90: "money", aging_90_plus: "money",
  dispute_count: "count", revenue: "money", tenure_days: "count", credit_limit_use: "ratio", dso: "ratio", trend_days_late: "ratio",
};

/** A document open at D (open amount ≠ 0), kept for action lists and drafts. */
export interface OpenItem {
  customer_id: string;
  currency: string;
  invoice_id: string;
  kind: "invoice" | "credit_note";
  issue_date: Day;
  due_date: Day;
  due_date_estimated: boolean;
  amount: Cents;
  /** Open amount at the end of D. */
  open: Cents;
  disputed: boolean;
}

/** Portfolio (or segment) KPIs over a set of customer rows of one currency. */
export interface PortfolioKpis {
  currency: string;
  customers: number;
  open_balance: Cents;
  overdue_balance: Cents;
  revenue: Cents;
  dso: number | null;
  best_possible_dso: number | null;
  add: number | null;
  overdue_share: number | null;
  /** Collection effectiveness index over (D−30, D], in %; null when settlement dates are unknown or the denominator is 0. */
  cei: number | null;
}

/** Everything `computeMetrics` produces. */
export interface MetricsResult {
  /** One row per (customer, currency), sorted by customer id then currency. */
  readonly rows: CustomerMetrics[];
  /** The rows in the same order, one at a time (each made as it is asked for when `rows` was not: a writer that keeps none needs no array of them). */
  oneByOne: Iterable<CustomerMetrics>;
  rowCount: number;
  /** Per (customer, currency) with documents open at D: those documents, most overdue first; none for a row without (every row when they are not kept: MetricsOptions.keepOpenItems). */
  openItems: Map<string, OpenItem[]>;
  /** Per (customer, currency): cash received up to D that no document absorbs (positive = credit in the customer's favour). */
  unallocatedCredit: Map<string, Cents>;
  /** Per (customer, currency): what CEI needs besides the row's own metrics. */
  ceiInputs: Map<string, CeiInputs>;
  /** Settlement dates are known (a payments export, or paid dates in the documents): CEI can be computed. */
  settlementDatesKnown: boolean;
  /** KPIs over all rows, one per currency. */
  portfolio: PortfolioKpis[];
  /** Per currency (sorted): documents issued up to D, Σ amount, Σ open at D — summed document by document, for the reconciliation. */
  documentTotals: Map<string, DocumentTotals>;
}

export interface DocumentTotals {
  documents: number;
  amount: Cents;
  open: Cents;
}

export interface CeiInputs {
  /** Σ open amount at the end of D−30 of documents issued by then. */
  receivablesBefore: Cents;
  /** Σ amount of documents issued in (D−30, D]. */
  invoicedRecently: Cents;
}

/** The key of a (customer, currency) row in the maps above. */
export function rowKey(customerId: string, currency: string): string {
  return `${customerId}\u0000${currency}`;
}
