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
}

/** The fields a payments export may map, in a payments row's values. */
export const PAYMENT_FIELDS = ["customer_id", "customer_name", "invoice_id", "date", "amount", "currency"] as const;

export function paymentConverter(sink: PaymentSink, slotOf: SlotOf): RowConverter {
  const { file } = sink;
  const missing = missingValue(file, sink.headerOf, sink.reject);
  const at = slotsFor(PAYMENT_FIELDS, slotOf);
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
    sink.payment({ customer_id: customerId, customer_name: customerName, invoice_id: invoiceId, date, amount: amount.cents, currency, source: { file, line: row.line } });
    return "used";
  };
}
