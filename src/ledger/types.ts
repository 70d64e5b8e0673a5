/**
 * The ledger model every reader produces and every later stage consumes.
 * Field names are the contract's names (metrics.md), so a mapping file, a rule expression
 * and an output column all say `customer_id`, `due_date`, `open_amount`.
 * Money is integer cents (see money.ts); dates are Day numbers (see day.ts).
 */
import type { Cents } from "./money.js";
import type { Day } from "./day.js";

/** Where a value came from: the input file and its 1-based physical line (or sheet row). */
export interface SourceRef {
  file: string;
  line: number;
}

export type Language = "fr" | "nl" | "de" | "en";
export type DocumentKind = "invoice" | "credit_note";

export interface Customer {
  customer_id: string;
  name: string;
  language: Language | null;
  email: string | null;
  phone: string | null;
  country: string | null;
  sector: string | null;
  owner: string | null;
  credit_limit: Cents | null;
  /** External score 0–100, higher is safer. */
  credit_score: number | null;
  payment_terms_days: number | null;
  created_date: Day | null;
  invoicing: string | null;
  /** Every other column of the customers export, by its header as written. */
  extra: Record<string, string>;
  /** null when the customer was derived from the documents (no customers file). */
  source: SourceRef | null;
}

export interface LedgerDocument {
  customer_id: string;
  invoice_id: string;
  kind: DocumentKind;
  issue_date: Day;
  due_date: Day;
  /** True when the export gave no due date and it was derived (terms, else 30 days). */
  due_date_estimated: boolean;
  /** Gross amount in the document currency; credit notes are negative. */
  amount: Cents;
  /** Still unpaid on the export day; null when the export has no open-amount column. */
  open_amount: Cents | null;
  /** Day the document was fully settled; null while open or unknown. */
  paid_date: Day | null;
  disputed: boolean;
  currency: string;
  /** The invoice a credit note refers to, when the export says. */
  reference: string | null;
  source: SourceRef;
}

export interface Payment {
  customer_id: string;
  /** null for a payment not allocated to a document (unapplied cash). */
  invoice_id: string | null;
  date: Day;
  amount: Cents;
  currency: string;
  source: SourceRef;
}

/** An input row (or cell) that was not used, and why. Never dropped silently. */
export interface Rejected {
  file: string;
  line: number;
  /** The header of the offending column, null when the row as a whole is at fault. */
  column: string | null;
  value: string;
  reason: string;
}

/** A data-quality remark on a row that was used. */
export interface Warning {
  code: WarningCode;
  message: string;
  file: string | null;
  line: number | null;
  column: string | null;
}

export type WarningCode =
  | "duplicate-merged"
  | "due-date-derived"
  | "due-before-issue"
  | "future-dated"
  | "mixed-currencies"
  | "credit-note-unmatched"
  | "sign-normalised"
  | "estimated-from-fec"
  | "fec-unbalanced"
  | "value-ignored"
  | "unknown-payment"
  | "other";

/** What was read from one input file, for the summary and `inspect`. */
export interface SourceSummary {
  file: string;
  role: InputRole;
  /** Data rows read (after the header; layout rows such as totals excluded). */
  rows_read: number;
  rows_used: number;
  rows_rejected: number;
  /** Blank, section and total rows of report-style exports, skipped on purpose. */
  rows_skipped: number;
}

export type InputRole = "customers" | "invoices" | "payments";

/**
 * Where settlement comes from: "payments" when a payments export was given (it is then the
 * source of truth: a document is settled the day its payments reach its amount), else
 * "documents" (their paid_date and open_amount).
 */
export type SettlementSource = "payments" | "documents";

/**
 * A ledger without its documents and payments: what a run keeps once they have been
 * folded into the metrics as they were read (load-ledger.ts).
 */
export interface LedgerHead {
  settlement: SettlementSource;
  customers: Customer[];
  rejected: Rejected[];
  warnings: Warning[];
  sources: SourceSummary[];
}

export interface Ledger extends LedgerHead {
  documents: LedgerDocument[];
  payments: Payment[];
}
