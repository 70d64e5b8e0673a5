/**
 * Exports that the streamed run cannot fold as they come, so it holds every document: an
 * aging report with a payment row naming an invoice (C1's P1 pays 40.00 of F1), given with
 * a payments export (C1 pays the other 60.00 of F1 on 2026-10-10).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export function writeAgingWithPayments(dir: string): { invoices: string; payments: string } {
  const invoices = join(dir, "aging-with-payments.csv");
  writeFileSync(invoices, [
    "Customer ID,Invoice Number,Type,Invoice Date,Due Date,Amount,Applies To",
    "C1,F2,Invoice,2026-09-20,2026-10-20,50.00,",
    "C1,P1,Payment,2026-10-05,,40.00,F1",
    "C1,F1,Invoice,2026-09-01,2026-10-01,100.00,",
  ].join("\n") + "\n");
  const payments = join(dir, "payments-of-c1.csv");
  writeFileSync(payments, "Customer ID,Invoice Number,Payment Date,Amount\nC1,F1,2026-10-10,60.00\n");
  return { invoices, payments };
}
