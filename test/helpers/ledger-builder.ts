/**
 * Tiny builders for metrics tests: ISO date strings and amounts in euros in, a Ledger
 * (Day numbers, integer cents, source refs filled) out.
 *
 *   ledger({ customers: [customer("C1")], documents: [invoice("C1", "F1", { issue: "2026-01-01", due: "2026-01-31", amount: 100 })] })
 */
import { formatDay, parseIsoDay, type Day } from "../../src/ledger/day.js";
import type { Cents } from "../../src/ledger/money.js";
import type { Customer, Ledger, LedgerDocument, Payment, SettlementSource } from "../../src/ledger/types.js";
import type { CustomerMetrics, MetricsOptions, MetricsResult } from "../../src/metrics/types.js";
import { rowKey } from "../../src/metrics/types.js";

let nextLine = 2;
const line = (): number => nextLine++;

/** The Day of an ISO date; throws on a typo so a test never runs on a wrong date. */
export function day(iso: string): Day {
  const d = parseIsoDay(iso);
  if (d === null) throw new Error(`bad test date ${iso}`);
  return d;
}

/** ISO date `days` after `iso` (negative: before). */
export function shift(iso: string, days: number): string {
  return formatDay(day(iso) + days);
}

/** Euros → cents, exactly (Math.round removes the binary-float noise of e.g. 0.07 * 100). */
export function cents(euros: number): Cents {
  return Math.round(euros * 100);
}

export interface CustomerOverrides extends Partial<Omit<Customer, "customer_id" | "created_date" | "credit_limit">> {
  /** ISO date. */
  created_date?: string | null;
  /** Euros. */
  credit_limit?: number | null;
}

export function customer(id: string, overrides: CustomerOverrides = {}): Customer {
  const { created_date, credit_limit, ...rest } = overrides;
  return {
    customer_id: id, name: `Name ${id}`, language: "fr", email: null, phone: null, country: "FR", sector: null, owner: null,
    credit_limit: credit_limit === undefined || credit_limit === null ? null : cents(credit_limit),
    credit_score: null, payment_terms_days: null,
    created_date: created_date === undefined || created_date === null ? null : day(created_date),
    invoicing: null, extra: {}, source: { file: "customers.csv", line: line() },
    ...rest,
  };
}

export interface DocumentSpec {
  /** ISO issue date. */
  issue: string;
  /** ISO due date; default issue + 30. */
  due?: string;
  /** Euros (for a credit note the sign is ignored: it is stored negative). */
  amount: number;
  /** Euros, open on the export day; default 0 when `paid` is given, else the amount; null = no open-amount column. */
  open?: number | null;
  /** ISO paid date (fully settled); default null. */
  paid?: string | null;
  disputed?: boolean;
  /** Default "EUR". */
  currency?: string;
}

function document(kind: LedgerDocument["kind"], customerId: string, invoiceId: string, spec: DocumentSpec): LedgerDocument {
  const amount = kind === "credit_note" ? -Math.abs(cents(spec.amount)) : cents(spec.amount);
  const paid = spec.paid ?? null;
  const open = spec.open === undefined ? (paid !== null ? 0 : amount) : spec.open === null ? null : kind === "credit_note" ? -Math.abs(cents(spec.open)) : cents(spec.open);
  return {
    customer_id: customerId, invoice_id: invoiceId, kind,
    issue_date: day(spec.issue), due_date: spec.due !== undefined ? day(spec.due) : day(spec.issue) + 30,
    due_date_estimated: spec.due === undefined,
    amount, open_amount: open, paid_date: paid === null ? null : day(paid),
    disputed: spec.disputed ?? false, currency: spec.currency ?? "EUR", reference: null,
    source: { file: "invoices.csv", line: line() },
  };
}

export function invoice(customerId: string, invoiceId: string, spec: DocumentSpec): LedgerDocument {
  return document("invoice", customerId, invoiceId, spec);
}

/** A credit note: `amount` (and `open`) in euros, stored negative whatever sign is given. */
export function creditNote(customerId: string, invoiceId: string, spec: DocumentSpec): LedgerDocument {
  return document("credit_note", customerId, invoiceId, spec);
}

/** A payment of `amount` euros (negative for a credit-note allocation or a refund). */
export function payment(customerId: string, invoiceId: string | null, date: string, amount: number, currency = "EUR"): Payment {
  return { customer_id: customerId, invoice_id: invoiceId, date: day(date), amount: cents(amount), currency, source: { file: "payments.csv", line: line() } };
}

export interface LedgerSpec {
  customers?: Customer[];
  documents?: LedgerDocument[];
  payments?: Payment[];
  /** Default: "payments" when `payments` is given, else "documents". */
  settlement?: SettlementSource;
}

export function ledger(spec: LedgerSpec): Ledger {
  return {
    settlement: spec.settlement ?? (spec.payments !== undefined ? "payments" : "documents"),
    customers: spec.customers ?? [],
    documents: spec.documents ?? [],
    payments: spec.payments ?? [],
    rejected: [], warnings: [], sources: [],
  };
}

/** Metrics options: D as an ISO date, L = 365 and grace 0 unless given. */
export function options(asOf: string, more: Partial<Omit<MetricsOptions, "asOf">> = {}): MetricsOptions {
  return { asOf: day(asOf), windowDays: more.windowDays ?? 365, graceDays: more.graceDays ?? 0 };
}

/** The row of (customer, currency); throws when absent. */
export function rowOf(result: MetricsResult, customerId: string, currency = "EUR"): CustomerMetrics {
  const r = result.rows.find((x) => x.customer_id === customerId && x.currency === currency);
  if (r === undefined) throw new Error(`no row for ${customerId}/${currency}; rows: ${result.rows.map((x) => `${x.customer_id}/${x.currency}`).join(", ")}`);
  return r;
}

/** Unallocated credit of a row in cents, 0 when the map has no entry. */
export function unallocated(result: MetricsResult, customerId: string, currency = "EUR"): Cents {
  return result.unallocatedCredit.get(rowKey(customerId, currency)) ?? 0;
}
