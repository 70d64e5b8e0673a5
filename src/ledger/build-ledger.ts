/**
 * Assembles the ledger from what the readers produced: customers (given, or derived from
 * the documents), documents and payments, with every row that cannot be used turned into a
 * Rejected record and every doubtful one into a Warning.
 *
 * - a customer id seen twice: identical rows are merged (warning), different ones rejected;
 * - a document or payment for a customer the customers export does not have: rejected;
 * - the same (customer, invoice number) twice: identical rows merged, different ones rejected;
 * - a missing due date: issue date + the customer's payment terms, else 30 days (warning);
 * - a payment without customer: the customer of the invoice it names;
 * - warnings for due dates before issue dates, documents issued after the as-of date,
 *   customers billed in several currencies, credit notes that match no invoice,
 *   payments naming an invoice the ledger does not have.
 */
import type { Day } from "./day.js";
import { formatDay } from "./day.js";
import type { Customer, Ledger, LedgerDocument, Payment, Rejected, SettlementSource, SourceSummary, Warning } from "./types.js";
import type { DocumentRow, PaymentRow } from "../ingest/rows/to-documents.js";

export const DEFAULT_TERMS_DAYS = 30;

export interface LedgerInput {
  /** The customers export's rows; null when there is none (customers are then derived). */
  customers: Customer[] | null;
  /** Customers a FEC names (account labels), used when there is no customers export. */
  derivedCustomers?: Customer[];
  documents: DocumentRow[];
  payments: PaymentRow[];
  rejected: Rejected[];
  warnings: Warning[];
  sources: SourceSummary[];
  /** Documents issued after this day get a warning. */
  asOf?: Day;
  /** "payments" when a payments export was given (default "documents"). */
  settlement?: SettlementSource;
}

export function buildLedger(input: LedgerInput): Ledger {
  const rejected = [...input.rejected];
  const warnings = [...input.warnings];
  const sources = input.sources.map((s) => ({ ...s }));
  const sourceOf = (file: string) => sources.find((s) => s.file === file);
  const demote = (r: Rejected) => {
    rejected.push(r);
    const s = sourceOf(r.file);
    if (s) {
      s.rows_used--;
      s.rows_rejected++;
    }
  };
  // a merged duplicate row stays counted as used: it confirms the record it repeats
  const merged = (file: string, line: number, message: string) => warnings.push({ code: "duplicate-merged", file, line, column: null, message });

  // 1. customers
  const customers = new Map<string, Customer>();
  const givenCustomers = input.customers !== null;
  for (const c of input.customers ?? []) {
    const first = customers.get(c.customer_id);
    if (!first) customers.set(c.customer_id, c);
    else if (sameContent(first, c)) merged(c.source!.file, c.source!.line, `customer ${c.customer_id} repeated (same as line ${first.source?.line}); counted once`);
    else demote({ file: c.source!.file, line: c.source!.line, column: null, value: c.customer_id, reason: `duplicate customer id ${c.customer_id} with different content (first at line ${first.source?.line})` });
  }
  if (!givenCustomers) {
    for (const c of input.derivedCustomers ?? []) if (!customers.has(c.customer_id)) customers.set(c.customer_id, c);
    const derive = (id: string, name: string | null) => {
      if (!customers.has(id)) customers.set(id, derivedCustomer(id, name));
    };
    for (const d of input.documents) derive(d.customer_id, d.customer_name);
    for (const p of input.payments) if (p.customer_id) derive(p.customer_id, p.customer_name);
  }
  const unknownCustomer = (id: string, file: string, line: number, what: string): Rejected => ({
    file, line, column: null, value: id,
    reason: `unknown customer ${id}: the customers export has no such id (${what} not used)`,
  });

  // 2. documents (indexed customer → invoice number: no key string built per document)
  const documents: LedgerDocument[] = [];
  const byCustomer = new Map<string, Map<string, LedgerDocument>>();
  const findDocument = (customerId: string, invoiceId: string): LedgerDocument | undefined => byCustomer.get(customerId)?.get(invoiceId);
  for (const row of input.documents) {
    const customer = customers.get(row.customer_id);
    if (!customer) {
      demote(unknownCustomer(row.customer_id, row.source.file, row.source.line, `document ${row.invoice_id}`));
      continue;
    }
    const dueDateMissing = row.due_date === null;
    const doc = toDocument(row, customer);
    let own = byCustomer.get(doc.customer_id);
    if (!own) byCustomer.set(doc.customer_id, (own = new Map()));
    const first = own.get(doc.invoice_id);
    if (first) {
      if (sameContent(first, doc)) merged(doc.source.file, doc.source.line, `document ${doc.invoice_id} of ${doc.customer_id} repeated (same as line ${first.source.line}); counted once`);
      else demote({ file: doc.source.file, line: doc.source.line, column: null, value: doc.invoice_id, reason: `duplicate invoice number ${doc.invoice_id} for customer ${doc.customer_id} with different content (first at ${first.source.file}:${first.source.line})` });
      continue;
    }
    own.set(doc.invoice_id, doc);
    documents.push(doc);
    if (dueDateMissing) {
      warnings.push({ code: "due-date-derived", file: doc.source.file, line: doc.source.line, column: null, message: `document ${doc.invoice_id}: no due date; ${formatDay(doc.due_date)} derived from ${customer.payment_terms_days !== null ? `the customer's ${customer.payment_terms_days}-day terms` : `the default ${DEFAULT_TERMS_DAYS} days`}` });
    }
    if (doc.due_date < doc.issue_date) {
      warnings.push({ code: "due-before-issue", file: doc.source.file, line: doc.source.line, column: null, message: `document ${doc.invoice_id}: due date ${formatDay(doc.due_date)} is before its issue date ${formatDay(doc.issue_date)}` });
    }
    if (input.asOf !== undefined && doc.issue_date > input.asOf) {
      warnings.push({ code: "future-dated", file: doc.source.file, line: doc.source.line, column: null, message: `document ${doc.invoice_id} is issued on ${formatDay(doc.issue_date)}, after the as-of date ${formatDay(input.asOf)}; it is ignored until then` });
    }
  }

  // 3. payments (the owners of each invoice number only when a payment lacks its customer)
  let invoiceOwners: Map<string, string[]> | null = null;
  const ownersOf = (invoiceId: string): string[] => {
    if (!invoiceOwners) {
      invoiceOwners = new Map();
      for (const d of documents) {
        const owners = invoiceOwners.get(d.invoice_id);
        if (!owners) invoiceOwners.set(d.invoice_id, [d.customer_id]);
        else if (!owners.includes(d.customer_id)) owners.push(d.customer_id);
      }
    }
    return invoiceOwners.get(invoiceId) ?? [];
  };
  const payments: Payment[] = [];
  for (const p of input.payments) {
    let customerId = p.customer_id;
    if (!customerId) {
      const owners = ownersOf(p.invoice_id!);
      if (owners.length !== 1) {
        demote({ file: p.source.file, line: p.source.line, column: null, value: p.invoice_id!, reason: owners.length === 0 ? `payment for invoice ${p.invoice_id}, which no document has, and no customer id` : `payment for invoice number ${p.invoice_id}, which several customers have (${owners.join(", ")}); give the customer id` });
        continue;
      }
      customerId = owners[0]!;
    }
    if (!customers.has(customerId)) {
      demote(unknownCustomer(customerId, p.source.file, p.source.line, "payment"));
      continue;
    }
    if (p.invoice_id !== null && !findDocument(customerId, p.invoice_id)) {
      warnings.push({ code: "unknown-payment", file: p.source.file, line: p.source.line, column: null, message: `payment of customer ${customerId} names invoice ${p.invoice_id}, which the documents do not have; counted as unallocated credit` });
    }
    payments.push({ customer_id: customerId, invoice_id: p.invoice_id, date: p.date, amount: p.amount, currency: p.currency, source: p.source });
  }

  // 4. customer-level checks
  const currencies = new Map<string, Set<string>>();
  const hasInvoice = new Set<string>();
  for (const d of documents) {
    const set = currencies.get(d.customer_id);
    if (!set) currencies.set(d.customer_id, new Set([d.currency]));
    else set.add(d.currency);
    if (d.kind === "invoice") hasInvoice.add(d.customer_id);
  }
  for (const [id, set] of currencies) {
    if (set.size > 1) warnings.push({ code: "mixed-currencies", file: null, line: null, column: null, message: `customer ${id} is billed in ${[...set].sort().join(" and ")}; its metrics are given per currency` });
  }
  for (const d of documents) {
    if (d.kind !== "credit_note") continue;
    const unmatched = d.reference !== null ? !findDocument(d.customer_id, d.reference) : !hasInvoice.has(d.customer_id);
    if (unmatched) {
      warnings.push({ code: "credit-note-unmatched", file: d.source.file, line: d.source.line, column: null, message: d.reference !== null ? `credit note ${d.invoice_id} refers to invoice ${d.reference}, which customer ${d.customer_id} does not have` : `credit note ${d.invoice_id}: customer ${d.customer_id} has no invoice in the export` });
    }
  }

  return { settlement: input.settlement ?? "documents", customers: [...customers.values()], documents, payments, rejected, warnings, sources };
}

/**
 * The row itself becomes the document (its missing due date derived in place): no copy per
 * document, so a large export is not held twice while the ledger is built. The row's
 * `customer_name` is cleared (null): the ledger names customers through their records.
 */
function toDocument(row: DocumentRow, customer: Customer): LedgerDocument {
  row.customer_name = null; // the customer's own record names it; not one string kept per document
  if (row.due_date === null) {
    row.due_date = row.issue_date + (customer.payment_terms_days ?? DEFAULT_TERMS_DAYS);
    row.due_date_estimated = true;
  }
  return row as LedgerDocument;
}

function derivedCustomer(id: string, name: string | null): Customer {
  return {
    customer_id: id, name: name ?? id, language: null, email: null, phone: null, country: null, sector: null, owner: null,
    credit_limit: null, credit_score: null, payment_terms_days: null, created_date: null, invoicing: null, extra: {}, source: null,
  };
}

/** Same record but for where it was read. */
function sameContent<T extends { source: unknown }>(a: T, b: T): boolean {
  return JSON.stringify({ ...a, source: null }) === JSON.stringify({ ...b, source: null });
}
