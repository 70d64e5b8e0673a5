/**
 * When a document was settled and how much of it was open at the end of a day
 * (metrics.md, "Open amount at D").
 *
 * With a payments export: a document's payments are summed per day; it is settled on the
 * first day the running total reaches its amount (for a credit note, its negative amount),
 * and its open amount at D is the amount less the payments dated ≤ D. Without one: the
 * document's paid_date, and its open amount is 0 once paid, the whole amount while paid
 * later than D, else the exported open amount (or the amount when there is none).
 * A zero-amount document is never settled and never open.
 */
import type { Day } from "../ledger/day.js";
import type { Cents } from "../ledger/money.js";
import type { Ledger, LedgerDocument, Payment, SettlementSource } from "../ledger/types.js";

/** A document's payments: days ascending, with the running total at the end of each. */
export interface PaymentSchedule {
  days: Day[];
  totals: Cents[];
}

/** customer id → invoice id → value: two plain look-ups, no key string built per call. */
type ByDocument<T> = Map<string, Map<string, T>>;

function getDoc<T>(map: ByDocument<T>, customerId: string, invoiceId: string): T | undefined {
  return map.get(customerId)?.get(invoiceId);
}

/** A document's payments as read, and their schedule once the document asks for it. */
interface Payments {
  list: Payment[];
  schedule: PaymentSchedule | null;
  /** a document of the ledger has them (else they are unallocated credit) */
  claimed: boolean;
}

/** Same-day payments summed, days ascending, running totals. */
function schedule(list: Payment[]): PaymentSchedule {
  if (list.length > 1) list.sort((a, b) => a.date - b.date);
  const days: Day[] = [];
  const totals: Cents[] = [];
  let total = 0;
  for (const p of list) {
    total += p.amount;
    if (days.length > 0 && days[days.length - 1] === p.date) totals[totals.length - 1] = total;
    else {
      days.push(p.date);
      totals.push(total);
    }
  }
  return { days, totals };
}

/** What the metrics need of one document: its settlement day and its open amounts at two days. */
export interface DocumentFacts {
  settledOn: Day | null;
  open: Cents;
  openBefore: Cents;
}

/** Decides settlement and open amounts for one ledger, whichever the source. */
export interface Settlement {
  /** A payment of the ledger; every payment is given before the first document. */
  add(payment: Payment): void;
  /**
   * Settlement day and open amounts at the end of `day` and of `before`. Each document of
   * the ledger is given once, to `facts` or to `claim`.
   */
  facts(doc: LedgerDocument, day: Day, before: Day): DocumentFacts;
  /** A document the metrics skip (issued after D): its payments are still its own. */
  claim(doc: LedgerDocument): void;
  /** Payments that count as the customer's unallocated credit; complete once every document was given. */
  unallocated(): Payment[];
  /** True when settlement dates are known (payments, or some paid_date); complete once every document was given. */
  readonly datesKnown: boolean;
}

/** The settlement of a whole ledger held in memory. */
export function settlementOf(ledger: Ledger): Settlement {
  const settlement = newSettlement(ledger.settlement);
  for (const p of ledger.payments) settlement.add(p);
  return settlement;
}

/** An empty settlement of that source, to be given the payments, then the documents. */
export function newSettlement(source: SettlementSource): Settlement {
  return source === "payments" ? fromPayments() : fromDocuments();
}

const NONE: PaymentSchedule = { days: [], totals: [] };

/**
 * Payments mode, in one pass over the payments: each document claims the payments that
 * name it when the metrics reach it, and its schedule is built then; what no document
 * claimed (or names no invoice) is unallocated.
 */
function fromPayments(): Settlement {
  /** customer id → invoice id → the payments naming it */
  const byDocument: ByDocument<Payments> = new Map();
  const noInvoice: Payment[] = [];
  const claim = (doc: LedgerDocument): Payments | undefined => {
    const entry = getDoc(byDocument, doc.customer_id, doc.invoice_id);
    if (entry) entry.claimed = true;
    return entry;
  };
  return {
    datesKnown: true,
    add(p) {
      if (p.invoice_id === null) {
        noInvoice.push(p);
        return;
      }
      let invoices = byDocument.get(p.customer_id);
      if (!invoices) byDocument.set(p.customer_id, (invoices = new Map()));
      const entry = invoices.get(p.invoice_id);
      if (entry) entry.list.push(p);
      else invoices.set(p.invoice_id, { list: [p], schedule: null, claimed: false });
    },
    claim: (doc) => void claim(doc),
    unallocated() {
      const out = [...noInvoice];
      for (const invoices of byDocument.values()) for (const entry of invoices.values()) if (!entry.claimed) out.push(...entry.list);
      return out;
    },
    facts(doc, day, before) {
      const entry = claim(doc);
      if (doc.amount === 0) return { settledOn: null, open: 0, openBefore: 0 };
      const s = entry ? (entry.schedule ??= schedule(entry.list)) : NONE;
      let settledOn: Day | null = null;
      for (let i = 0; i < s.days.length; i++) {
        const t = s.totals[i]!;
        if (doc.amount > 0 ? t >= doc.amount : t <= doc.amount) {
          settledOn = s.days[i]!;
          break;
        }
      }
      return { settledOn, open: doc.amount - paidBy(s, day), openBefore: doc.amount - paidBy(s, before) };
    },
  };
}

/** Running total of a schedule at the end of `day` (binary search). */
function paidBy(s: PaymentSchedule, day: Day): Cents {
  let lo = 0;
  let hi = s.days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s.days[mid]! <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : s.totals[lo - 1]!;
}

function fromDocuments(): Settlement {
  const noInvoice: Payment[] = [];
  let datesKnown = false;
  const openAt = (doc: LedgerDocument, day: Day): Cents => {
    if (doc.amount === 0) return 0;
    if (doc.paid_date !== null) return doc.paid_date <= day ? 0 : doc.amount;
    return doc.open_amount ?? doc.amount;
  };
  return {
    add: (p) => void (p.invoice_id === null && noInvoice.push(p)),
    unallocated: () => noInvoice,
    claim: (doc) => void (datesKnown ||= doc.paid_date !== null),
    get datesKnown() {
      return datesKnown;
    },
    facts(doc, day, before) {
      datesKnown ||= doc.paid_date !== null;
      return { settledOn: doc.amount === 0 ? null : doc.paid_date, open: openAt(doc, day), openBefore: openAt(doc, before) };
    },
  };
}
