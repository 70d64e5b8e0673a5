/**
 * Reads the exports of one run (customers, documents, payments) into a Ledger.
 * Customers are read first, so a FEC's due dates can use their payment terms.
 */
import type { Day } from "../ledger/day.js";
import { buildLedger } from "../ledger/build-ledger.js";
import type { Ledger } from "../ledger/types.js";
import type { MappingFile } from "./mapping/mapping-file.js";
import { readExport, type Inspection } from "./read-export.js";
import type { ExportContent } from "./read-export.js";

export interface LedgerFiles {
  customers?: string;
  invoices: string;
  payments?: string;
  mapping?: MappingFile;
  sheet?: string;
  defaultCurrency?: string;
  asOf?: Day;
  /** rows read so far in a file (a progress display) */
  onRows?: (file: string, rows: number) => void;
}

export interface LoadedLedger {
  ledger: Ledger;
  inspections: Inspection[];
}

export async function loadLedger(files: LedgerFiles): Promise<LoadedLedger> {
  const common = { sheet: files.sheet, defaultCurrency: files.defaultCurrency, ...(files.onRows ? { onRows: files.onRows } : {}) };
  const customers = files.customers ? await readExport(files.customers, { ...common, role: "customers", profile: files.mapping?.customers }) : null;
  const terms = new Map((customers?.customers ?? []).map((c) => [c.customer_id, c.payment_terms_days]));
  const invoices = await readExport(files.invoices, { ...common, role: "invoices", profile: files.mapping?.invoices, termsDays: (id) => terms.get(id) ?? null });
  const payments = files.payments ? await readExport(files.payments, { ...common, role: "payments", profile: files.mapping?.payments }) : null;
  const parts = [customers, invoices, payments].filter((p): p is ExportContent => p !== null);
  const ledger = buildLedger({
    customers: customers ? customers.customers : null,
    derivedCustomers: invoices.customers,
    documents: invoices.documents,
    payments: [...invoices.payments, ...(payments?.payments ?? [])],
    rejected: parts.flatMap((p) => p.rejected),
    warnings: parts.flatMap((p) => p.warnings),
    sources: parts.map((p) => p.summary),
    asOf: files.asOf,
    settlement: payments ? "payments" : "documents",
  });
  return { ledger, inspections: parts.map((p) => p.inspection) };
}
