/** A short account of a ledger: what was read from each file and totals per currency. */
import Table from "cli-table3";
import { formatCents } from "../ledger/money.js";
import type { Ledger } from "../ledger/types.js";

export interface CurrencyTotals {
  currency: string;
  invoices: number;
  credit_notes: number;
  /** Σ amount of all documents */
  amount: number;
  /** Σ open amount as exported (amount where the export has no open-amount column) */
  open: number;
}

export function currencyTotals(ledger: Ledger): CurrencyTotals[] {
  const map = new Map<string, CurrencyTotals>();
  for (const d of ledger.documents) {
    const t = map.get(d.currency) ?? { currency: d.currency, invoices: 0, credit_notes: 0, amount: 0, open: 0 };
    if (d.kind === "invoice") t.invoices++;
    else t.credit_notes++;
    t.amount += d.amount;
    t.open += d.open_amount ?? (d.paid_date === null ? d.amount : 0);
    map.set(d.currency, t);
  }
  return [...map.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

export function ledgerSummary(ledger: Ledger): string {
  const files = new Table({ head: ["file", "holds", "rows read", "used", "rejected", "layout rows skipped"], style: { head: [], border: [], compact: true } });
  for (const s of ledger.sources) files.push([s.file, s.role, s.rows_read, s.rows_used, s.rows_rejected, s.rows_skipped]);
  const totals = new Table({ head: ["currency", "invoices", "credit notes", "total amount", "open (as exported)"], style: { head: [], border: [], compact: true } });
  for (const t of currencyTotals(ledger)) totals.push([t.currency, t.invoices, t.credit_notes, { content: formatCents(t.amount), hAlign: "right" }, { content: formatCents(t.open), hAlign: "right" }]);
  return [
    files.toString(),
    `${ledger.customers.length} customers, ${ledger.documents.length} documents, ${ledger.payments.length} payments; ${ledger.rejected.length} rows rejected, ${ledger.warnings.length} warnings`,
    totals.toString(),
  ].join("\n");
}
