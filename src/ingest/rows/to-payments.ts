/**
 * A payments-export row → a payment. The amount is cash received (negative for a refund or
 * a credit-note allocation, as metrics.md describes). The customer may be given only
 * through the invoice; the ledger resolves it.
 */
import type { Day } from "../../ledger/day.js";
import type { Rejected } from "../../ledger/types.js";
import type { ParsedAmount } from "../parse/amount.js";
import type { RowConverter, SlotOf } from "./read-rows.js";
import { slotsFor } from "./read-rows.js";
import type { PaymentRow } from "./to-documents.js";
import { missingValue, rejectProblems } from "./to-documents.js";

export interface PaymentSink {
  file: string;
  defaultCurrency: string;
  constants: Record<string, string>;
  headerOf: (field: string) => string | null;
  payment: (p: PaymentRow) => void;
  reject: (r: Rejected) => void;
  /** `payment` keeps no record it is given: one is rewritten for every row (RecordSink.keepsNoRecord) */
  oneRecord?: boolean;
}

/** The fields a payments export may map, in a payments row's values. */
export const PAYMENT_FIELDS = ["customer_id", "customer_name", "invoice_id", "date", "amount", "currency"] as const;

export function paymentConverter(sink: PaymentSink, slotOf: SlotOf): RowConverter {
  const { file } = sink;
  const missing = missingValue(file, sink.headerOf, sink.reject);
  const at = slotsFor(PAYMENT_FIELDS, slotOf);
  const record = sink.oneRecord ? emptyPayment() : null;
  return (v, problems, row) => {
    if (problems.length > 0) return rejectProblems(file, row.line, problems, sink.reject);
    const customerName = (v[at.customer_name] as string | null | undefined) ?? null;
    const customerId = (v[at.customer_id] as string | null | undefined) ?? customerName ?? sink.constants.customer_id ?? null;
    const invoiceId = (v[at.invoice_id] as string | null | undefined) ?? null;
    if (!customerId && !invoiceId) return missing(row.line, "customer_id", "customer id and invoice number (one of them is needed)");
    const date = v[at.date] as Day | null | undefined;
    if (date === null || date === undefined) return missing(row.line, "date", "payment date");
    const amount = v[at.amount] as ParsedAmount | null | undefined;
    if (!amount) return missing(row.line, "amount", "amount");
    const currency = (v[at.currency] as string | null | undefined) ?? amount.currency ?? sink.constants.currency ?? sink.defaultCurrency;
    const p = record ?? emptyPayment();
    p.customer_id = customerId;
    p.customer_name = customerName;
    p.invoice_id = invoiceId;
    p.date = date;
    p.amount = amount.cents;
    p.currency = currency;
    p.source.file = file;
    p.source.line = row.line;
    sink.payment(p);
    return "used";
  };
}

/** A payment record, every field written by the converter for each row (one shape for all). */
function emptyPayment(): PaymentRow {
  return { customer_id: null, customer_name: null, invoice_id: null, date: 0, amount: 0, currency: "", source: { file: "", line: 0 } };
}
