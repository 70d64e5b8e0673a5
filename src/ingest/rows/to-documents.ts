/**
 * A documents-export row → a document (invoice or credit note) or, for rows typed as
 * payments (unapplied cash in an aging report), a payment. Sign conventions are settled
 * here: credit notes are negative, payments positive, whatever the export wrote.
 */
import type { Day } from "../../ledger/day.js";
import type { Cents } from "../../ledger/money.js";
import type { DocumentKind, LedgerDocument, Payment, Rejected, Warning } from "../../ledger/types.js";
import type { ParsedAmount } from "../parse/amount.js";
import type { RowKind } from "../columns/vocabulary.js";
import type { CellProblem, RowConverter, SlotOf } from "./read-rows.js";
import { rejectedFor, slotsFor } from "./read-rows.js";

/**
 * A document as read, before the ledger derives missing due dates from customer terms.
 * `due_date_estimated` is already true for a FEC, whose due dates are all estimates.
 */
export type DocumentRow = Omit<LedgerDocument, "due_date"> & {
  due_date: Day | null;
  customer_name: string | null;
};

/** A payment as read; the customer may be known only through the invoice it pays. */
export interface PaymentRow extends Omit<Payment, "customer_id"> {
  customer_id: string | null;
  customer_name: string | null;
}

export interface DocumentSink {
  file: string;
  defaultCurrency: string;
  constants: Record<string, string>;
  headerOf: (field: string) => string | null;
  document: (d: DocumentRow) => void;
  payment: (p: PaymentRow) => void;
  reject: (r: Rejected) => void;
  warn: (w: Warning) => void;
  /** `document` keeps no record it is given: one is rewritten for every row (RecordSink.keepsNoRecord) */
  oneRecord?: boolean;
}

/** A reject function for rows lacking a value: `missing(line, field, what)`. */
export function missingValue(file: string, headerOf: (field: string) => string | null, reject: (r: Rejected) => void) {
  return (line: number, field: string, what: string): "rejected" => {
    reject({ file, line, column: headerOf(field), value: "", reason: `missing ${what}` });
    return "rejected";
  };
}

/** Rejects the row with all its cell problems, the first one naming the column. */
export function rejectProblems(file: string, line: number, problems: CellProblem[], reject: (r: Rejected) => void): "rejected" {
  const first = rejectedFor(file, line, problems[0]!);
  if (problems.length > 1) first.reason += `; also ${problems.slice(1).map((p) => `${p.field}: ${p.reason}`).join("; ")}`;
  reject(first);
  return "rejected";
}

/** The fields a documents export may map, in a documents row's values. */
export const DOCUMENT_FIELDS = ["customer_id", "customer_name", "invoice_id", "kind", "issue_date", "due_date", "amount", "debit", "credit", "sign", "open_amount", "paid_date", "disputed", "currency", "reference"] as const;

export function documentConverter(sink: DocumentSink, slotOf: SlotOf): RowConverter {
  const { file } = sink;
  const missing = missingValue(file, sink.headerOf, sink.reject);
  const at = slotsFor(DOCUMENT_FIELDS, slotOf);
  const record = sink.oneRecord ? emptyDocument() : null;
  return (v, problems, row) => {
    if (problems.length > 0) return rejectProblems(file, row.line, problems, sink.reject);
    const customerName = (v[at.customer_name] as string | null) ?? null;
    const customerId = (v[at.customer_id] as string | null) ?? customerName ?? sink.constants.customer_id ?? null;
    if (!customerId) return missing(row.line, sink.headerOf("customer_id") ? "customer_id" : "customer_name", "customer id");

    const amountValue = v[at.amount] as ParsedAmount | null | undefined;
    const debit = v[at.debit] as ParsedAmount | null | undefined;
    const credit = v[at.credit] as ParsedAmount | null | undefined;
    let amount: Cents;
    let symbolCurrency: string | null = null;
    if (amountValue) {
      const sign = v[at.sign] as number | null | undefined;
      amount = sign ? Math.abs(amountValue.cents) * sign : amountValue.cents;
      symbolCurrency = amountValue.currency;
    } else if (debit || credit) {
      amount = (debit?.cents ?? 0) - (credit?.cents ?? 0);
      symbolCurrency = debit?.currency ?? credit?.currency ?? null;
    } else return missing(row.line, "amount", "amount");

    const currency = (v[at.currency] as string | null) ?? symbolCurrency ?? sink.constants.currency ?? sink.defaultCurrency;
    if (v[at.currency] && symbolCurrency && v[at.currency] !== symbolCurrency) {
      sink.reject({ file, line: row.line, column: sink.headerOf("currency"), value: String(v[at.currency]), reason: `the amount is in ${symbolCurrency} but the currency column says ${v[at.currency]}` });
      return "rejected";
    }
    const open = v[at.open_amount] as ParsedAmount | null | undefined;
    const rowKind = (v[at.kind] as RowKind | null | undefined) ?? null;
    const issueDate = v[at.issue_date] as Day | null | undefined;

    if (rowKind === "ignore") return "skipped";
    if (rowKind === "payment") {
      if (issueDate === null || issueDate === undefined) return missing(row.line, "issue_date", "payment date");
      const cash = open ? Math.abs(open.cents) : Math.abs(amount);
      sink.payment({
        customer_id: customerId, customer_name: customerName, invoice_id: (v[at.reference] as string | null) ?? null,
        date: issueDate, amount: cash, currency, source: { file, line: row.line },
      });
      return "used";
    }

    const invoiceId = v[at.invoice_id] as string | null | undefined;
    if (!invoiceId) return missing(row.line, "invoice_id", "invoice number");
    if (issueDate === null || issueDate === undefined) return missing(row.line, "issue_date", "issue date");

    let kind: DocumentKind = rowKind ?? (amount < 0 ? "credit_note" : "invoice");
    if (kind === "credit_note" && amount > 0) {
      amount = -amount;
      sink.warn({ code: "sign-normalised", file, line: row.line, column: sink.headerOf("amount"), message: `credit note ${invoiceId} has a positive amount; taken as negative` });
    } else if (kind === "invoice" && amount < 0) {
      kind = "credit_note";
      sink.warn({ code: "sign-normalised", file, line: row.line, column: sink.headerOf("kind"), message: `document ${invoiceId} is typed as an invoice but its amount is negative; taken as a credit note` });
    }
    let openAmount = open ? open.cents : null;
    if (openAmount !== null && openAmount !== 0 && Math.sign(openAmount) !== Math.sign(amount)) openAmount = -openAmount;

    const d = record ?? emptyDocument();
    d.customer_id = customerId;
    d.customer_name = customerName;
    d.invoice_id = invoiceId;
    d.kind = kind;
    d.issue_date = issueDate;
    d.due_date = (v[at.due_date] as Day | null | undefined) ?? null;
    d.due_date_estimated = false;
    d.amount = amount;
    d.open_amount = openAmount;
    d.paid_date = (v[at.paid_date] as Day | null | undefined) ?? null;
    d.disputed = (v[at.disputed] as boolean | null | undefined) ?? false;
    d.currency = currency;
    d.reference = (v[at.reference] as string | null | undefined) ?? null;
    d.source.file = file;
    d.source.line = row.line;
    sink.document(d);
    return "used";
  };
}

/** A document record, every field written by the converter for each row (one shape for all). */
function emptyDocument(): DocumentRow {
  return {
    customer_id: "", customer_name: null, invoice_id: "", kind: "invoice", issue_date: 0, due_date: null, due_date_estimated: false,
    amount: 0, open_amount: null, paid_date: null, disputed: false, currency: "", reference: null, source: { file: "", line: 0 },
  };
}
