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

export function documentKey(customerId: string, invoiceId: string): string {
  return `${customerId}\u0000${invoiceId}`;
}

export interface PaymentIndex {
  schedules: Map<string, PaymentSchedule>;
  /** Payments no document absorbs: no invoice named, or one the customer does not have. */
  unallocated: Payment[];
}

/** Groups payments by the document they pay (payments mode). */
export function indexPayments(ledger: Ledger): PaymentIndex {
  const known = new Set(ledger.documents.map((d) => documentKey(d.customer_id, d.invoice_id)));
  const byDoc = new Map<string, Map<Day, Cents>>();
  const unallocated: Payment[] = [];
  for (const p of ledger.payments) {
    const key = p.invoice_id === null ? null : documentKey(p.customer_id, p.invoice_id);
    if (key === null || !known.has(key)) {
      unallocated.push(p);
      continue;
    }
    const days = byDoc.get(key) ?? new Map<Day, Cents>();
    days.set(p.date, (days.get(p.date) ?? 0) + p.amount);
    byDoc.set(key, days);
  }
  const schedules = new Map<string, PaymentSchedule>();
  for (const [key, days] of byDoc) {
    const sorted = [...days.entries()].sort((a, b) => a[0] - b[0]);
    let total = 0;
    schedules.set(key, { days: sorted.map(([d]) => d), totals: sorted.map(([, c]) => (total += c)) });
  }
  return { schedules, unallocated };
}

/** Decides settlement and open amounts for one ledger, whichever the source. */
export interface Settlement {
  /** The day the document was fully settled, or null when never (as far as the data goes). */
  settledOn(doc: LedgerDocument): Day | null;
  /** Open amount at the end of `day`. */
  openAt(doc: LedgerDocument, day: Day): Cents;
  /** Payments that count as the customer's unallocated credit. */
  unallocated: Payment[];
  /** True when settlement dates are known (payments, or some paid_date). */
  datesKnown: boolean;
}

export function settlementOf(ledger: Ledger): Settlement {
  return ledger.settlement === "payments" ? fromPayments(ledger) : fromDocuments(ledger);
}

function fromPayments(ledger: Ledger): Settlement {
  const { schedules, unallocated } = indexPayments(ledger);
  const scheduleOf = (doc: LedgerDocument) => schedules.get(documentKey(doc.customer_id, doc.invoice_id));
  return {
    unallocated,
    datesKnown: true,
    settledOn(doc) {
      const s = scheduleOf(doc);
      if (!s || doc.amount === 0) return null;
      const reached = doc.amount > 0 ? (t: Cents) => t >= doc.amount : (t: Cents) => t <= doc.amount;
      for (let i = 0; i < s.days.length; i++) if (reached(s.totals[i]!)) return s.days[i]!;
      return null;
    },
    openAt(doc, day) {
      if (doc.amount === 0) return 0;
      const s = scheduleOf(doc);
      return doc.amount - (s ? paidBy(s, day) : 0);
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
  return {
    unallocated: ledger.payments.filter((p) => p.invoice_id === null),
    datesKnown: ledger.documents.some((d) => d.paid_date !== null),
    settledOn: (doc) => (doc.amount === 0 ? null : doc.paid_date),
    openAt(doc, day) {
      if (doc.amount === 0) return 0;
      if (doc.paid_date !== null) return doc.paid_date <= day ? 0 : doc.amount;
      return doc.open_amount ?? doc.amount;
    },
  };
}
