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
import type { Ledger, LedgerDocument, Payment } from "../ledger/types.js";

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

export interface PaymentIndex {
  schedules: ByDocument<PaymentSchedule>;
  /** Payments no document absorbs: no invoice named, or one the customer does not have. */
  unallocated: Payment[];
}

/** Groups payments by the document they pay (payments mode), day totals in date order. */
export function indexPayments(ledger: Ledger): PaymentIndex {
  const known: ByDocument<true> = new Map();
  for (const d of ledger.documents) {
    let invoices = known.get(d.customer_id);
    if (!invoices) known.set(d.customer_id, (invoices = new Map()));
    invoices.set(d.invoice_id, true);
  }
  const grouped: ByDocument<Payment[]> = new Map();
  const unallocated: Payment[] = [];
  for (const p of ledger.payments) {
    if (p.invoice_id === null || getDoc(known, p.customer_id, p.invoice_id) === undefined) {
      unallocated.push(p);
      continue;
    }
    let invoices = grouped.get(p.customer_id);
    if (!invoices) grouped.set(p.customer_id, (invoices = new Map()));
    const list = invoices.get(p.invoice_id);
    if (list) list.push(p);
    else invoices.set(p.invoice_id, [p]);
  }
  const schedules: ByDocument<PaymentSchedule> = new Map();
  for (const [customerId, invoices] of grouped) {
    const out = new Map<string, PaymentSchedule>();
    for (const [invoiceId, list] of invoices) out.set(invoiceId, schedule(list));
    schedules.set(customerId, out);
  }
  return { schedules, unallocated };
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
  /** Settlement day and open amounts at the end of `day` and of `before`. */
  facts(doc: LedgerDocument, day: Day, before: Day): DocumentFacts;
  /** Payments that count as the customer's unallocated credit. */
  unallocated: Payment[];
  /** True when settlement dates are known (payments, or some paid_date). */
  datesKnown: boolean;
}

export function settlementOf(ledger: Ledger): Settlement {
  return ledger.settlement === "payments" ? fromPayments(ledger) : fromDocuments(ledger);
}

const NONE: PaymentSchedule = { days: [], totals: [] };

function fromPayments(ledger: Ledger): Settlement {
  const { schedules, unallocated } = indexPayments(ledger);
  return {
    unallocated,
    datesKnown: true,
    facts(doc, day, before) {
      if (doc.amount === 0) return { settledOn: null, open: 0, openBefore: 0 };
      const s = getDoc(schedules, doc.customer_id, doc.invoice_id) ?? NONE;
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

function fromDocuments(ledger: Ledger): Settlement {
  const openAt = (doc: LedgerDocument, day: Day): Cents => {
    if (doc.amount === 0) return 0;
    if (doc.paid_date !== null) return doc.paid_date <= day ? 0 : doc.amount;
    return doc.open_amount ?? doc.amount;
  };
  return {
    unallocated: ledger.payments.filter((p) => p.invoice_id === null),
    datesKnown: ledger.documents.some((d) => d.paid_date !== null),
    facts: (doc, day, before) => ({ settledOn: doc.amount === 0 ? null : doc.paid_date, open: openAt(doc, day), openBefore: openAt(doc, before) }),
  };
}
