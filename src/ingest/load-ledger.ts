/**
 * Reads the exports of one run (customers, documents, payments) into a ledger.
 *
 * `loadLedger` holds every document and payment (a Ledger, for `inspect`, tests and small
 * tools). `loadMeasured` is the run's path: the documents are folded into the metrics as
 * they are read and only the ledger's head (customers, rejected rows, warnings, counts)
 * and the documents open at D are kept, so memory grows with customers and open documents,
 * not with the size of the export. Both give the same ledger head and the same metrics.
 *
 * Customers are read first (a FEC's due dates use their payment terms, a document needs
 * its customer); with a payments export, payments come next: a document's settlement is
 * decided when the fold reaches it.
 */
import type { Day } from "../ledger/day.js";
import { buildLedger, LedgerAssembler } from "../ledger/build-ledger.js";
import type { Ledger, LedgerHead } from "../ledger/types.js";
import { computeMetrics, MetricsFold } from "../metrics/compute-metrics.js";
import { newSettlement } from "../metrics/settlement.js";
import type { MetricsOptions, MetricsResult } from "../metrics/types.js";
import type { MappingFile } from "./mapping/mapping-file.js";
import { readExport, type Inspection, type ReadOptions } from "./read-export.js";
import type { ExportContent } from "./read-export.js";
import type { PaymentRow } from "./rows/to-documents.js";
import { expectWalksOf } from "./csv-walk/reading-threads.js";

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
  expectWalksOf([files.customers, files.invoices, files.payments]);
  const customers = await readCustomers(files);
  const terms = termsOf(customers);
  const invoices = await readExport(files.invoices, { ...common(files), role: "invoices", profile: files.mapping?.invoices, termsDays: terms });
  const payments = files.payments ? await readExport(files.payments, { ...common(files), role: "payments", profile: files.mapping?.payments }) : null;
  const parts = [customers, invoices, payments].filter((p): p is ExportContent => p !== null);
  const ledger = buildLedger({
    customers: customers ? customers.customers : null,
    derivedCustomers: invoices.customers,
    documents: invoices.documents,
    payments: [...invoices.payments, ...(payments?.payments ?? [])],
    ...readOutcome(parts),
    asOf: files.asOf,
    settlement: payments ? "payments" : "documents",
  });
  return { ledger, inspections: parts.map((p) => p.inspection) };
}

export interface MeasuredLedger {
  ledger: LedgerHead;
  metrics: MetricsResult;
  inspections: Inspection[];
  /** false when the documents had to be held (see loadMeasured) */
  streamed: boolean;
  /** why they were held, for a note to the user (memory then grows with every document); null when streamed */
  heldBecause: string | null;
}

/**
 * The ledger's head and its metrics at D, the documents folded as they are read.
 *
 * With a payments export, a document's settlement needs all the payments naming it before
 * the fold reaches it. Payments that name only an invoice get their customer from a first
 * reading of the documents (findOwners). Payment rows inside the documents export itself
 * (an aging report's unapplied cash naming an invoice) break that order, and the exports
 * are then read whole (`loadLedger`, same results).
 */
export async function loadMeasured(files: LedgerFiles, options: MetricsOptions): Promise<MeasuredLedger> {
  const settlementSource = files.payments ? "payments" : "documents";
  expectWalksOf([files.customers, files.payments, files.invoices]);
  const customers = await readCustomers(files);
  const assembler = new LedgerAssembler({ givenCustomers: customers !== null, asOf: files.asOf, settlement: settlementSource });
  for (const c of customers?.customers ?? []) assembler.addCustomer(c);
  const takePayment = (row: PaymentRow) => assembler.takePayment(row);

  const payments = files.payments
    ? await readExport(files.payments, { ...common(files), role: "payments", profile: files.mapping?.payments, sink: { keepsNoRecord: true, expect: (rows) => assembler.expectPayments(rows), derivedCustomers: () => {}, document: () => {}, payment: takePayment } })
    : null;
  const terms = termsOf(customers);
  if (assembler.hasOwnerlessPayments) await findOwners(files, assembler, customers, terms);

  let paymentAmongDocuments = false;
  const settlement = newSettlement(settlementSource, assembler.payments);
  const fold = new MetricsFold(settlement, options, (id) => assembler.customer(id));
  fold.reserve(customers?.customers.length ?? 0);
  const invoices = await readExport(files.invoices, {
    ...common(files), role: "invoices", profile: files.mapping?.invoices, termsDays: terms,
    sink: {
      keepsNoRecord: true, // the assembler and the fold copy what they keep of a document or payment
      expect: (rows) => assembler.expectDocuments(rows),
      derivedCustomers: (list) => assembler.addDerivedCustomers(list),
      document: (row) => {
        const doc = assembler.addDocument(row);
        if (doc) fold.add(doc, assembler.lastCustomerIndex, assembler.lastDocumentEntry);
      },
      payment: (row) => {
        if (settlementSource === "payments" && row.invoice_id !== null) paymentAmongDocuments = true;
        takePayment(row);
      },
    },
  });
  if (paymentAmongDocuments) return held(files, options, `${files.invoices} holds payment rows naming an invoice while a payments export is also given; documents alone in that export let a large ledger stream`);

  const parts = [customers, invoices, payments].filter((p): p is ExportContent => p !== null);
  const { ledger } = assembler.finish(readOutcome(parts)); // payments resolved there name an invoice: in documents mode they change no metric
  return { ledger, metrics: fold.finish(ledger.customers), inspections: parts.map((p) => p.inspection), streamed: true, heldBecause: null };
}

/**
 * Payments naming only their invoice: the documents are read once first, for who has each
 * invoice number those payments name (only those numbers are kept), so each payment is
 * given its customer — or rejected, as ambiguous or unknown — exactly as when everything is
 * held, and the documents can then be folded as they come. One more reading of the
 * documents instead of holding them all.
 */
async function findOwners(files: LedgerFiles, assembler: LedgerAssembler, customers: ExportContent | null, terms: (customerId: string) => number | null): Promise<void> {
  const owners = assembler.numberOwners();
  // a document is added for a customer of the customers export, or any customer without one
  const known = customers ? new Set(customers.customers.map((c) => c.customer_id)) : null;
  await readExport(files.invoices, {
    ...common(files), role: "invoices", profile: files.mapping?.invoices, termsDays: terms,
    sink: {
      keepsNoRecord: true,
      derivedCustomers: () => {},
      document: (row) => {
        if (known === null || known.has(row.customer_id)) owners.add(row.customer_id, row.invoice_id);
      },
      payment: () => {},
    },
  });
  assembler.resolveOwnerlessWith(owners);
}

/** The same result with every document held, for the inputs the fold cannot take as they come. */
async function held(files: LedgerFiles, options: MetricsOptions, because: string): Promise<MeasuredLedger> {
  const { ledger, inspections } = await loadLedger(files);
  const { documents: _documents, payments: _payments, ...head } = ledger;
  return { ledger: head, metrics: computeMetrics(ledger, options), inspections, streamed: false, heldBecause: because };
}

function common(files: LedgerFiles): Pick<ReadOptions, "sheet" | "defaultCurrency" | "onRows"> {
  return { sheet: files.sheet, defaultCurrency: files.defaultCurrency, ...(files.onRows ? { onRows: files.onRows } : {}) };
}

async function readCustomers(files: LedgerFiles): Promise<ExportContent | null> {
  return files.customers ? readExport(files.customers, { ...common(files), role: "customers", profile: files.mapping?.customers }) : null;
}

/**
 * A customer's payment terms in days, from the customers export (null when it has none):
 * what a FEC's due dates are derived from. The first row of a repeated id is the one the
 * ledger keeps, so its terms are the ones used. The table is made at the first question:
 * only a FEC asks (a CSV's 100k customers made 100k map entries for nothing).
 */
function termsOf(customers: ExportContent | null): (customerId: string) => number | null {
  let terms: Map<string, number | null> | null = null;
  return (id) => {
    if (terms === null) {
      terms = new Map();
      for (const c of customers?.customers ?? []) if (!terms.has(c.customer_id)) terms.set(c.customer_id, c.payment_terms_days);
    }
    return terms.get(id) ?? null;
  };
}

function readOutcome(parts: ExportContent[]) {
  return { rejected: parts.flatMap((p) => p.rejected), warnings: parts.flatMap((p) => p.warnings), sources: parts.map((p) => p.summary) };
}
