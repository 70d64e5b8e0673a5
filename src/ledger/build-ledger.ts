/**
 * Assembles the ledger from what the readers produce: customers (given, or derived from
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
 *
 * `LedgerAssembler` takes the records one at a time, so a large export is never held
 * whole: an accepted document is handed on at once (to the metrics fold, load-ledger.ts)
 * and only a fingerprint of it is kept, to recognise a repeated invoice number. Whether
 * the payments come before the documents (a streamed run) or after them (`buildLedger`,
 * the same over arrays) changes nothing in the outcome: rejected rows are listed in file
 * and line order, the checks that need every record are made in `finish`.
 */
import type { Day } from "./day.js";
import { formatDay } from "./day.js";
import type { Customer, Ledger, LedgerDocument, LedgerHead, Payment, Rejected, SettlementSource, SourceSummary, Warning } from "./types.js";
import type { DocumentRow, PaymentRow } from "../ingest/rows/to-documents.js";
import { compareText } from "../util/compare.js";
import { DocumentKeys } from "./document-keys.js";
import { PaymentsByDocument } from "./payments-by-document.js";
import { indexIn, reserved, roomFor } from "../util/typed-arrays.js";
import { appendAll } from "../util/extremes.js";

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
  const ledger = new LedgerAssembler({ givenCustomers: input.customers !== null, asOf: input.asOf, settlement: input.settlement });
  ledger.addDerivedCustomers(input.derivedCustomers ?? []);
  for (const c of input.customers ?? []) ledger.addCustomer(c);
  const documents: LedgerDocument[] = [];
  for (const row of input.documents) {
    const doc = ledger.addDocument(row);
    if (doc) documents.push(doc);
  }
  const payments: Payment[] = [];
  for (const row of input.payments) {
    const p = ledger.addPayment(row);
    if (p) payments.push(p);
  }
  const head = ledger.finish(input);
  appendAll(payments, head.resolvedPayments);
  return { ...head.ledger, documents, payments };
}

export interface AssemblerOptions {
  /** false when there is no customers export: every customer named is then derived */
  givenCustomers: boolean;
  /** Documents issued after this day get a warning. */
  asOf?: Day | undefined;
  settlement?: SettlementSource | undefined;
}

/** What the readers made of the files: their rejected rows, warnings and counts. */
export interface ReadOutcome {
  rejected: Rejected[];
  warnings: Warning[];
  /** one per input file, in the order customers, documents, payments (rows_used is corrected here) */
  sources: SourceSummary[];
}

export interface AssembledLedger {
  ledger: LedgerHead;
  /** payments that named no customer, given the customer of the invoice they name (now that every document is known) */
  resolvedPayments: Payment[];
}

/**
 * Who has each invoice number that ownerless payments name: the first customer with a
 * document of that number, and the others when there are several (the payment is then
 * ambiguous). Only the numbers of `keys` (the ownerless payments', under the customer "")
 * are kept: about 4 bytes a number.
 */
export class NumberOwners {
  private first: Int32Array;
  private readonly ids: string[] = [];
  private readonly idIndex = new Map<string, number>();
  private readonly others = new Map<number, Set<string>>();

  constructor(private readonly keys: DocumentKeys) {
    this.first = new Int32Array(keys.size).fill(-1);
  }

  /** A document of that customer and number (a repeated one changes nothing). */
  add(customerId: string, invoiceId: string): void {
    const entry = this.keys.find("", invoiceId);
    if (entry === -1) return;
    let id = this.idIndex.get(customerId);
    if (id === undefined) {
      id = this.ids.push(customerId) - 1;
      this.idIndex.set(customerId, id);
    }
    const first = this.first[entry]!;
    if (first === -1) this.first[entry] = id;
    else if (first !== id) {
      const more = this.others.get(entry);
      if (more) more.add(customerId);
      else this.others.set(entry, new Set([customerId]));
    }
  }

  /** The customers with a document of that number, the first one first. */
  of(invoiceId: string): string[] {
    const entry = this.keys.find("", invoiceId);
    if (entry === -1 || this.first[entry] === -1) return [];
    return [this.ids[this.first[entry]!]!, ...(this.others.get(entry) ?? [])];
  }
}

/** Per entry of the documents' keys: where the first document came from, and a fingerprint of its content. */
class SeenDocuments {
  private fingerprints = new Float64Array(1024);
  private lines = new Int32Array(1024);
  private files = new Uint16Array(1024);
  private readonly fileNames: string[] = [];
  private lastFile = -1;

  reserve(entries: number): void {
    this.fingerprints = reserved(this.fingerprints, entries);
    this.lines = reserved(this.lines, entries);
    this.files = reserved(this.files, entries);
  }

  /** The first document of that entry: its place, and its fingerprint (fingerprintOf). */
  set(entry: number, doc: LedgerDocument): void {
    this.fingerprints = roomFor(this.fingerprints, entry);
    this.lines = roomFor(this.lines, entry);
    this.files = roomFor(this.files, entry);
    fingerprintOf(doc);
    this.fingerprints[entry] = FINGERPRINT[0]!;
    this.lines[entry] = doc.source.line;
    this.files[entry] = doc.source.file === this.fileNames[this.lastFile] ? this.lastFile : (this.lastFile = indexIn(this.fileNames, doc.source.file)); // the file before, most often
  }

  /** Whether the document says what the entry's first one said (same fingerprint). */
  sameAs(entry: number, doc: LedgerDocument): boolean {
    fingerprintOf(doc);
    return this.fingerprints[entry] === FINGERPRINT[0];
  }

  /** whether a document of that entry was seen (lines start at 1) */
  has(entry: number): boolean {
    return entry < this.lines.length && this.lines[entry] !== 0;
  }

  line(entry: number): number {
    return this.lines[entry]!;
  }

  file(entry: number): string {
    return this.fileNames[this.files[entry]!]!;
  }
}

/**
 * A customer as the assembler knows it: its record and what its documents have shown so
 * far, in one object (one look-up a document: in an export in date order, each look-up of
 * a table of 100k customers is a cache miss or more).
 */
interface KnownCustomer {
  customer: Customer;
  /** the currency of its documents, or every currency when they have several; null before its first */
  currencies: string | Set<string> | null;
  hasInvoice: boolean;
  /** its owner number in the documents' keys, -1 before its first document */
  owner: number;
  /** its place among the customers the assembler knows, in the order they became known */
  index: number;
}

export class LedgerAssembler {
  private readonly customers = new Map<string, KnownCustomer>();
  /** the customers with a document, in the order of their first one */
  private readonly billed: KnownCustomer[] = [];
  private knownCount = 0;
  private lastIndex = -1;
  private lastEntry = -1;
  /** the customer last found by knownById, and its id */
  private lastId: string | null = null;
  private lastKnown: KnownCustomer | undefined = undefined;
  /** customers first named by a payment (no customers export): they take their place when a document names them, else at the end */
  private readonly paymentCustomers = new Map<string, Customer>();
  private readonly rejected: Rejected[] = [];
  private readonly warnings: Warning[] = [];
  /** the (customer id, invoice number) every document and payment names; where each document was first seen */
  private readonly invoices = new DocumentKeys();
  private readonly seen = new SeenDocuments();
  /**
   * The credit notes, as their entries in the keys, in the order read: their customer and
   * number are the keys', their file and line `seen`'s. Not a record each (at L, 120k
   * records with their sources and numbers kept to the end, about 12 MB that every
   * collection of the old generation went through).
   */
  private creditNotes = new Int32Array(1024);
  private creditNoteCount = 0;
  /** the invoice a credit note refers to, by its entry, for those that name one */
  private readonly creditNoteReferences = new Map<number, string>();
  /** the payments, by the document they name (the settlement's source, when they are its source) */
  readonly payments = new PaymentsByDocument(this.invoices);
  /** payments that named no customer, by the invoice number they name (under the customer ""): compact, there may be millions */
  private ownerless = new PaymentsByDocument(new DocumentKeys());

  constructor(private readonly o: AssemblerOptions) {}

  /**
   * About `rows` documents are coming (an estimate from the file's size): room for them is
   * reserved at once. The payments read before may have named most of them already.
   */
  expectDocuments(rows: number): void {
    const entries = Math.max(this.invoices.size, rows);
    this.invoices.reserve(entries);
    this.seen.reserve(entries);
  }

  /**
   * About `rows` payments are coming (an estimate): room for them is reserved at once, for
   * those naming their customer and for those that do not (room left unused costs nothing).
   */
  expectPayments(rows: number): void {
    this.payments.reserve(rows);
    this.ownerless.reserve(rows);
  }

  /** Customers a FEC names (account labels): the customers, when there is no customers export. */
  addDerivedCustomers(list: readonly Customer[]): void {
    if (!this.o.givenCustomers) for (const c of list) if (!this.customers.has(c.customer_id)) this.customers.set(c.customer_id, this.known(c));
  }

  /** The customer of that id, once it was added or derived. */
  customer(id: string): Customer | undefined {
    return this.customers.get(id)?.customer ?? this.paymentCustomers.get(id);
  }

  /** The index of the customer of the document addDocument accepted last: its place among the customers known, in order (-1 before). */
  get lastCustomerIndex(): number {
    return this.lastIndex;
  }

  /**
   * The entry of the document addDocument accepted last in the keys of `payments` (one
   * index of document names for both): its payments are found by it, without a look-up.
   */
  get lastDocumentEntry(): number {
    return this.lastEntry;
  }

  /** True when payments named no customer: their customers are known only once every document is. */
  get hasOwnerlessPayments(): boolean {
    return this.ownerless.size > 0;
  }

  addCustomer(c: Customer): void {
    const first = this.customers.get(c.customer_id)?.customer;
    if (!first) this.customers.set(c.customer_id, this.known(c));
    else if (sameContent(first, c)) this.merged(c.source!.file, c.source!.line, `customer ${c.customer_id} repeated (same as line ${first.source?.line}); counted once`);
    else this.demote({ file: c.source!.file, line: c.source!.line, column: null, value: c.customer_id, reason: `duplicate customer id ${c.customer_id} with different content (first at line ${first.source?.line})` });
  }

  /**
   * The row as a ledger document (the row itself, completed), or null when it is rejected or
   * repeats a document already given. A streamed reader rewrites the same row for the next
   * document (RecordSink.keepsNoRecord): what is kept of it here is copied.
   */
  addDocument(row: DocumentRow): LedgerDocument | null {
    const entry = this.customerOf(row.customer_id, row.customer_name);
    if (!entry) {
      this.demote(unknownCustomer(row.customer_id, row.source.file, row.source.line, `document ${row.invoice_id}`));
      return null;
    }
    const dueDateMissing = row.due_date === null;
    const customer = entry.customer;
    const doc = toDocument(row, customer);
    if (entry.owner === -1) entry.owner = this.invoices.ownerOfNew(doc.customer_id); // kept here: asked once
    const first = this.invoices.addFor(entry.owner, doc.invoice_id);
    if (this.seen.has(first)) {
      if (this.seen.sameAs(first, doc)) this.merged(doc.source.file, doc.source.line, `document ${doc.invoice_id} of ${doc.customer_id} repeated (same as line ${this.seen.line(first)}); counted once`);
      else this.demote({ file: doc.source.file, line: doc.source.line, column: null, value: doc.invoice_id, reason: `duplicate invoice number ${doc.invoice_id} for customer ${doc.customer_id} with different content (first at ${this.seen.file(first)}:${this.seen.line(first)})` });
      return null;
    }
    this.seen.set(first, doc);
    if (dueDateMissing) {
      this.warn(doc, "due-date-derived", `document ${doc.invoice_id}: no due date; ${formatDay(doc.due_date)} derived from ${customer.payment_terms_days !== null ? `the customer's ${customer.payment_terms_days}-day terms` : `the default ${DEFAULT_TERMS_DAYS} days`}`);
    }
    if (doc.due_date < doc.issue_date) this.warn(doc, "due-before-issue", `document ${doc.invoice_id}: due date ${formatDay(doc.due_date)} is before its issue date ${formatDay(doc.issue_date)}`);
    if (this.o.asOf !== undefined && doc.issue_date > this.o.asOf) {
      this.warn(doc, "future-dated", `document ${doc.invoice_id} is issued on ${formatDay(doc.issue_date)}, after the as-of date ${formatDay(this.o.asOf)}; it is ignored until then`);
    }
    const currencies = entry.currencies;
    if (currencies === null) {
      entry.currencies = doc.currency;
      this.billed.push(entry);
    } else if (typeof currencies === "string") {
      if (currencies !== doc.currency) entry.currencies = new Set([currencies, doc.currency]);
    } else currencies.add(doc.currency);
    if (doc.kind === "invoice") entry.hasInvoice = true;
    else {
      this.creditNotes = roomFor(this.creditNotes, this.creditNoteCount);
      this.creditNotes[this.creditNoteCount++] = first;
      if (doc.reference !== null) this.creditNoteReferences.set(first, doc.reference);
    }
    this.lastIndex = entry.index;
    this.lastEntry = first;
    return doc;
  }

  /**
   * The row as a ledger payment, or null when it is rejected or names no customer (its
   * customer is then found in `finish`, from the invoice it names).
   */
  addPayment(p: PaymentRow): Payment | null {
    return this.placePayment(p, true);
  }

  /**
   * addPayment for a caller that keeps no payment (a streamed run): a payment naming its
   * customer's invoice is then no record, only its place in the payments' arrays (an object
   * a payment less).
   */
  takePayment(p: PaymentRow): void {
    this.placePayment(p, false);
  }

  private placePayment(p: PaymentRow, keep: boolean): Payment | null {
    const customerId = p.customer_id;
    if (!customerId) {
      // read at once: a payment naming an invoice (every one without a customer does) is kept in the arrays, not as this record
      this.ownerless.add({ customer_id: "", invoice_id: p.invoice_id, date: p.date, amount: p.amount, currency: p.currency, source: p.source });
      return null;
    }
    // one look-up of the customer: its record also holds its number among the keys' owners
    const known = this.knownById(customerId);
    if (!known) {
      if (!this.o.givenCustomers && !this.paymentCustomers.has(customerId)) this.paymentCustomers.set(customerId, derivedCustomer(customerId, p.customer_name));
      if (!this.paymentCustomers.has(customerId)) {
        this.demote(unknownCustomer(customerId, p.source.file, p.source.line, "payment"));
        return null;
      }
    }
    if (known && p.invoice_id !== null) {
      if (known.owner === -1) known.owner = this.invoices.ownerOfNew(customerId);
      this.payments.addFor(known.owner, p); // read, not kept
      return keep ? paymentOf(p, customerId) : null;
    }
    const payment = paymentOf(p, customerId);
    this.payments.add(payment); // a payment naming no invoice is kept as a record
    return payment;
  }

  /** The checks that need every record, then the ledger without its documents and payments. */
  finish(read: ReadOutcome): AssembledLedger {
    for (const [id, c] of this.paymentCustomers) if (!this.customers.has(id)) this.customers.set(id, this.known(c));
    const resolvedPayments = this.resolveOwnerless();
    const files = read.sources.map((s) => s.file);
    const rank = new Map(files.map((f, i) => [f, i]));
    const byFile = (a: { file: string }, b: { file: string }) => (rank.get(a.file) ?? rank.size) - (rank.get(b.file) ?? rank.size);
    const unknown = this.payments.records((entry) => !this.seen.has(entry)).sort((a, b) => byFile(a.source, b.source));
    for (const p of unknown) {
      this.warnings.push({ code: "unknown-payment", file: p.source.file, line: p.source.line, column: null, message: `payment of customer ${p.customer_id} names invoice ${p.invoice_id}, which the documents do not have; counted as unallocated credit` });
    }
    for (const { customer, currencies } of this.billed) {
      if (typeof currencies === "string" || currencies === null) continue;
      this.warnings.push({ code: "mixed-currencies", file: null, line: null, column: null, message: `customer ${customer.customer_id} is billed in ${[...currencies].sort().join(" and ")}; its metrics are given per currency` });
    }
    for (let i = 0; i < this.creditNoteCount; i++) {
      const entry = this.creditNotes[i]!;
      const customerId = this.invoices.customerOf(entry);
      const reference = this.creditNoteReferences.get(entry) ?? null;
      const unmatched = reference !== null ? !this.hasDocument(customerId, reference) : !this.customers.get(customerId)?.hasInvoice;
      if (unmatched) {
        const number = this.invoices.keyOf(entry);
        this.warnings.push({ code: "credit-note-unmatched", file: this.seen.file(entry), line: this.seen.line(entry), column: null, message: reference !== null ? `credit note ${number} refers to invoice ${reference}, which customer ${customerId} does not have` : `credit note ${number}: customer ${customerId} has no invoice in the export` });
      }
    }
    const sources = read.sources.map((s) => {
      const demoted = this.rejected.filter((r) => r.file === s.file).length;
      return { ...s, rows_used: s.rows_used - demoted, rows_rejected: s.rows_rejected + demoted };
    });
    const rejected = [...read.rejected, ...this.rejected]
      .map((r, i) => ({ r, i }))
      .sort((a, b) => byFile(a.r, b.r) || a.r.line - b.r.line || a.i - b.i)
      .map((x) => x.r);
    return {
      ledger: { settlement: this.o.settlement ?? "documents", customers: [...this.customers.values()].map((k) => k.customer), rejected, warnings: [...read.warnings, ...this.warnings], sources },
      resolvedPayments,
    };
  }

  private hasDocument(customerId: string, invoiceId: string): boolean {
    const entry = this.invoices.find(customerId, invoiceId);
    return entry !== -1 && this.seen.has(entry);
  }

  /** A customer's record, as the assembler keeps it (its index the next). */
  private known(customer: Customer): KnownCustomer {
    return { customer, currencies: null, hasInvoice: false, owner: -1, index: this.knownCount++ };
  }

  /** The customer of a document: the customers export's, else derived from the documents (null when unknown). */
  private customerOf(id: string, name: string | null): KnownCustomer | null {
    const found = this.knownById(id);
    if (found) return found;
    if (this.o.givenCustomers) return null;
    const derived = this.known(derivedCustomer(id, name));
    this.customers.set(id, derived);
    this.paymentCustomers.delete(id);
    return derived;
  }

  /**
   * The known customer of that id. Exports list a customer's rows together, and the CSV
   * reader gives all the rows of a customer one string (span-reader.ts byPlace): the
   * customer of the row before is found by comparing two references, without the table (a
   * cache miss each, in 100k customers).
   */
  private knownById(id: string): KnownCustomer | undefined {
    if (id === this.lastId) return this.lastKnown;
    const found = this.customers.get(id);
    if (found) {
      this.lastId = id;
      this.lastKnown = found;
    }
    return found;
  }

  /**
   * An empty record of who has each invoice number the ownerless payments name, for a
   * streamed run to fill from the documents before folding them (resolveOwnerlessWith).
   */
  numberOwners(): NumberOwners {
    return new NumberOwners(this.ownerless.keys);
  }

  /**
   * The ownerless payments given the customer of the invoice they name, as `finish` does
   * once every document is known: `owners` must hold every (customer, number) the documents
   * will add (a streamed run reads the documents once for it). The payments are then the
   * settlement's like any other, before the first document is folded.
   */
  resolveOwnerlessWith(owners: NumberOwners): void {
    // one payment at a time into the settlement's arrays: collected first, 3M of them took about 300 MB as objects
    for (const p of this.resolve((invoiceId) => owners.of(invoiceId))) this.payments.add(p);
    this.ownerless = new PaymentsByDocument(new DocumentKeys());
  }

  private resolveOwnerless(): Payment[] {
    if (this.ownerless.size === 0) return [];
    const owners = this.numberOwners();
    for (let entry = 0; entry < this.invoices.size; entry++) {
      if (this.seen.has(entry)) owners.add(this.invoices.customerOf(entry), this.invoices.keyOf(entry)); // not: named by a payment only
    }
    return [...this.resolve((invoiceId) => owners.of(invoiceId))];
  }

  /** The ownerless payments with their customer, in order of arrival, one at a time; the ambiguous and unknown ones are rejected. */
  private *resolve(ownersOf: (invoiceId: string) => readonly string[]): Generator<Payment> {
    for (const p of this.ownerless.inOrder()) {
      const of = ownersOf(p.invoice_id!);
      if (of.length !== 1) {
        this.demote({ file: p.source.file, line: p.source.line, column: null, value: p.invoice_id!, reason: of.length === 0 ? `payment for invoice ${p.invoice_id}, which no document has, and no customer id` : `payment for invoice number ${p.invoice_id}, which several customers have (${[...of].sort(compareText).join(", ")}); give the customer id` });
        continue;
      }
      p.customer_id = of[0]!; // a record made for this walk, owned here
      yield p;
    }
  }

  private warn(doc: LedgerDocument, code: Warning["code"], message: string): void {
    this.warnings.push({ code, file: doc.source.file, line: doc.source.line, column: null, message });
  }

  /** A row the reader had used, rejected here (its file's counts are corrected in `finish`). */
  private demote(r: Rejected): void {
    this.rejected.push(r);
  }

  /** a merged duplicate row stays counted as used: it confirms the record it repeats */
  private merged(file: string, line: number, message: string): void {
    this.warnings.push({ code: "duplicate-merged", file, line, column: null, message });
  }
}

function unknownCustomer(id: string, file: string, line: number, what: string): Rejected {
  return { file, line, column: null, value: id, reason: `unknown customer ${id}: the customers export has no such id (${what} not used)` };
}

/**
 * The row itself becomes the document (its missing due date derived in place): no copy per
 * document, so a large export is not held twice while the ledger is built. The row's
 * `customer_name` is cleared (null): the ledger names customers through their records.
 */
function toDocument(row: DocumentRow, customer: Customer): LedgerDocument {
  row.customer_name = null; // the customer's own record names it; not one string kept per document
  // the customer's own id string, not the row's copy: every later look-up by it (the keys, the metrics) finds
  // its table's key the same string and compares no characters (a cache miss each, in an export in date order)
  row.customer_id = customer.customer_id;
  if (row.due_date === null) {
    row.due_date = row.issue_date + (customer.payment_terms_days ?? DEFAULT_TERMS_DAYS);
    row.due_date_estimated = true;
  }
  return row as LedgerDocument;
}

/** A payment as kept: its own record, its own source (a streamed reader rewrites the row's: RecordSink.keepsNoRecord). */
function paymentOf(p: PaymentRow, customerId: string): Payment {
  return { customer_id: customerId, invoice_id: p.invoice_id, date: p.date, amount: p.amount, currency: p.currency, source: { file: p.source.file, line: p.source.line } };
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

/**
 * A document's fingerprint: a 53-bit hash of what it says besides its customer, number and
 * place in the file; two rows for the same invoice number are "the same document
 * repeated" when theirs match. Two different rows agree on it by chance once in 2^53
 * (about 10^16) repeated numbers. The values it mixes are written first (the three flags
 * as one value, a currency code as one: packedText), then mixed in one loop into two
 * running halves held in local variables, and the fingerprint is left in FINGERPRINT[0]:
 * a double returned by a call not inlined is an object (48 MB at 3M documents). A call a
 * value into halves kept in module variables was most of a document's 750 instructions.
 */
function fingerprintOf(doc: LedgerDocument): void {
  const NONE = -2_147_483_648;
  const v = mixed;
  v[0] = (doc.kind === "invoice" ? 1 : 2) + (doc.due_date_estimated ? 4 : 0) + (doc.disputed ? 8 : 0); // one value for each combination
  v[1] = doc.issue_date;
  v[2] = doc.due_date;
  v[3] = doc.amount;
  v[4] = doc.open_amount ?? NONE;
  v[5] = doc.paid_date ?? NONE;
  const n = textValues(doc.reference, textValues(doc.currency, 6));
  const w = mixed; // textValues may have grown it
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    const x = w[i]!;
    const lo = x | 0;
    // the high half: the sign's for a 32-bit integer (days, most cents, characters), else by division (same value)
    const hi = lo === x ? lo >> 31 : Math.floor(x / 4294967296) | 0;
    a = Math.imul(a ^ lo, 0x01000193) ^ hi;
    a = Math.imul(a ^ (a >>> 15), 0x85ebca6b);
    b = Math.imul(b ^ hi, 0xc2b2ae35) ^ lo;
    b = Math.imul(b ^ (b >>> 13), 0x27d4eb2f);
  }
  FINGERPRINT[0] = (a >>> 0) * 2097152 + ((b >>> 0) & 0x1fffff);
}

const FINGERPRINT = new Float64Array(1);
/** the values a fingerprint mixes, in order (a long text makes it longer) */
let mixed = new Float64Array(64);

/** Writes the values a text is mixed as from mixed[n] on: -1 for none, packedText's, or its length and its characters. The next place. */
function textValues(s: string | null, n: number): number {
  if (s === null) {
    mixed[n] = -1;
    return n + 1;
  }
  const packed = packedText(s);
  if (packed !== -1) {
    mixed[n] = packed;
    return n + 1;
  }
  mixed = roomFor(mixed, n + s.length);
  mixed[n++] = s.length;
  for (let i = 0; i < s.length; i++) mixed[n++] = s.charCodeAt(i);
  return n;
}

/**
 * A text of at most 3 characters up to U+00FF (a currency code) as one number from 2^30
 * on, its length and characters side by side, -1 for any other: a longer text is mixed
 * as its length (under 2^30, the longest string V8 makes) and then its characters, so no
 * two texts mix alike.
 */
function packedText(s: string): number {
  if (s.length > 3) return -1;
  let packed = s.length;
  for (let i = 0; i < 3; i++) {
    const code = i < s.length ? s.charCodeAt(i) : 0;
    if (code > 0xff) return -1;
    packed = packed * 256 + code; // not 2 ** (16 - 8 * i): a power of a variable is a call to Math.pow
  }
  return 1_073_741_824 + packed; // 2^30 +
}
