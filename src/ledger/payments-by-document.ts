/**
 * The ledger's payments, grouped by the document they name (customer id, invoice
 * number), in typed arrays: a day, an amount and where it was read per payment, about 25
 * bytes, where a Payment object with its source, list and map entry took about 350. The
 * metrics take each document's payments from here when they reach it (settlement.ts); the
 * payments no document claims are unallocated credit, and the ledger warns of them.
 * Payments that name no invoice are kept apart, as records (`noInvoice`).
 */
import type { Payment } from "./types.js";
import { DocumentKeys } from "./document-keys.js";
import { GROWTH, indexIn, reserved, roomFor } from "../util/typed-arrays.js"; // a few files; currencies are three letters: under 2^16 each

export class PaymentsByDocument {
  /**
   * `keys` may be shared with the documents' (the ledger's one index of document names):
   * an entry there need not have payments.
   */
  constructor(readonly keys: DocumentKeys = new DocumentKeys()) {}

  /** per entry (a document named): its first payment + 1 (0: none), its last, and whether a document claimed them */
  private first = new Int32Array(256);
  private last = new Int32Array(256);
  private claimed = new Uint8Array(256);
  /** per payment, in order of arrival */
  private days = new Int32Array(1024);
  private amounts = new Float64Array(1024);
  private next = new Int32Array(1024);
  private entryOf = new Int32Array(1024);
  private lines = new Int32Array(1024);
  private files = new Uint16Array(1024);
  private currencyOf = new Uint16Array(1024);
  private readonly fileNames: string[] = [];
  private readonly currencies: string[] = [];
  /** payments naming no invoice, as read */
  readonly noInvoice: Payment[] = [];
  /** the schedule of a document with one payment, and of one with several, each rewritten for the next (claim) */
  private readonly single = schedule(1);
  private readonly several = schedule(8);
  /** a document's payments in order of day, rewritten for each */
  private order = new Int32Array(8);
  size = 0;

  /** Room for about `count` payments more, and the documents they name (an estimate: more still fit). */
  reserve(count: number): void {
    this.fitPayments(this.size + count);
    const entries = Math.max(this.keys.size, count); // a document is named by one payment or more
    this.keys.reserve(entries);
    this.fitEntries(entries);
  }

  add(p: Payment): void {
    if (p.invoice_id === null) this.noInvoice.push(p);
    else this.addFor(this.keys.ownerOf(p.customer_id), p);
  }

  /** A payment naming an invoice, of the customer that is that owner of the keys (DocumentKeys.ownerOf); read, not kept. */
  addFor(owner: number, p: Pick<Payment, "invoice_id" | "date" | "amount" | "currency" | "source">): void {
    const entry = this.keys.addFor(owner, p.invoice_id!);
    const i = this.size++;
    if (i >= this.days.length) this.fitPayments(Math.ceil(this.days.length * GROWTH));
    this.days[i] = p.date;
    this.amounts[i] = p.amount;
    this.next[i] = -1;
    this.entryOf[i] = entry;
    this.lines[i] = p.source.line;
    this.files[i] = indexIn(this.fileNames, p.source.file);
    this.currencyOf[i] = indexIn(this.currencies, p.currency);
    if (entry >= this.first.length) this.fitEntries(Math.max(entry + 1, Math.ceil(this.first.length * GROWTH)));
    if (this.first[entry] === 0) this.first[entry] = i + 1;
    else this.next[this.last[entry]!] = i;
    this.last[entry] = i;
  }

  /** Every per-payment array with room for `length` payments (grown by copies, or reserved). */
  private fitPayments(length: number): void {
    this.days = reserved(this.days, length);
    this.amounts = reserved(this.amounts, length);
    this.next = reserved(this.next, length);
    this.entryOf = reserved(this.entryOf, length);
    this.lines = reserved(this.lines, length);
    this.files = reserved(this.files, length);
    this.currencyOf = reserved(this.currencyOf, length);
  }

  /** Every per-entry array with room for `length` entries of the keys. */
  private fitEntries(length: number): void {
    this.first = reserved(this.first, length);
    this.last = reserved(this.last, length);
    this.claimed = reserved(this.claimed, length);
  }

  /**
   * The payments naming that document, as a schedule; the document claims them (they are not
   * unallocated). The schedule is read before the next claim: it is one of two records
   * rewritten each time (one payment, most documents'; several), not objects a document.
   */
  claim(customerId: string, invoiceId: string): PaymentSchedule | null {
    return this.claimEntry(this.keys.find(customerId, invoiceId));
  }

  /** The same for the document of that entry of `keys` (-1: none), for a caller that knows it. */
  claimEntry(entry: number): PaymentSchedule | null {
    if (entry === -1 || entry >= this.first.length || this.first[entry] === 0) return null;
    this.claimed[entry] = 1;
    return this.scheduleOf(entry);
  }

  /** Same-day payments summed, days ascending, running totals at the end of each day. */
  private scheduleOf(entry: number): PaymentSchedule {
    const only = this.first[entry]! - 1;
    if (this.next[only] === -1) {
      // most documents: one payment
      this.single.count = 1;
      this.single.days[0] = this.days[only]!;
      this.single.totals[0] = this.amounts[only]!;
      return this.single;
    }
    // the payments in order of day (a stable insertion sort of their indices: a document has a few), then summed per day
    let order = this.order;
    let count = 0;
    for (let i = only; i !== -1; i = this.next[i]!) {
      order = this.order = roomFor(order, count);
      let at = count++;
      while (at > 0 && this.days[order[at - 1]!]! > this.days[i]!) {
        order[at] = order[at - 1]!;
        at--;
      }
      order[at] = i;
    }
    const s = this.several;
    s.days = roomFor(s.days, count - 1);
    s.totals = roomFor(s.totals, count - 1);
    let days = 0;
    let total = 0;
    for (let k = 0; k < count; k++) {
      const i = order[k]!;
      total += this.amounts[i]!;
      if (days > 0 && s.days[days - 1] === this.days[i]) s.totals[days - 1] = total;
      else {
        s.days[days] = this.days[i]!;
        s.totals[days++] = total;
      }
    }
    s.count = days;
    return s;
  }

  /** The payments of the entries `keep` selects, as records one at a time, in order of arrival (millions need not be objects at once). */
  *inOrder(keep: (entry: number) => boolean = () => true): Generator<Payment> {
    for (let i = 0; i < this.size; i++) {
      const entry = this.entryOf[i]!;
      if (keep(entry)) yield this.record(entry, i);
    }
  }

  private record(entry: number, i: number): Payment {
    return {
      customer_id: this.keys.customerOf(entry), invoice_id: this.keys.keyOf(entry), date: this.days[i]!, amount: this.amounts[i]!,
      currency: this.currencies[this.currencyOf[i]!]!, source: { file: this.fileNames[this.files[i]!]!, line: this.lines[i]! },
    };
  }

  /** The payments no document claimed, as records (in order of arrival). */
  unclaimed(): Payment[] {
    return this.records((entry) => this.claimed[entry] === 0);
  }

  /** The payments of the entries `keep` selects, as records (in order of arrival). */
  records(keep: (entry: number) => boolean): Payment[] {
    return [...this.inOrder(keep)];
  }
}

/** A document's payments: `count` days ascending, with the running total at the end of each (the arrays may be longer). */
export interface PaymentSchedule {
  count: number;
  days: Int32Array;
  totals: Float64Array;
}

/** An empty schedule with room for that many days. */
export function schedule(room: number): PaymentSchedule {
  return { count: 0, days: new Int32Array(room), totals: new Float64Array(room) };
}

