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
import { PaymentsByDocument, schedule, type PaymentSchedule } from "../ledger/payments-by-document.js";

/** What the metrics need of one document: its settlement day and its open amounts at two days. */
export interface DocumentFacts {
  settledOn: Day | null;
  open: Cents;
  openBefore: Cents;
}

/** Decides settlement and open amounts for one ledger, whichever the source. */
export interface Settlement {
  /**
   * Settlement day and open amounts at the end of `day` and of `before`, read before the
   * next call (one record, rewritten for each document). Each document of the ledger is
   * given once, to `facts` or to `claim`. `entry`: the document's entry in the
   * keys of the payments given, when the caller knows it (-1: it is looked up).
   */
  facts(doc: LedgerDocument, day: Day, before: Day, entry: number): DocumentFacts;
  /** A document the metrics skip (issued after D): its payments are still its own. */
  claim(doc: LedgerDocument, entry: number): void;
  /** Payments that count as the customer's unallocated credit; complete once every document was given. */
  unallocated(): Payment[];
  /** True when settlement dates are known (payments, or some paid_date); complete once every document was given. */
  readonly datesKnown: boolean;
}

/** The settlement of a whole ledger held in memory. */
export function settlementOf(ledger: Ledger): Settlement {
  const payments = new PaymentsByDocument();
  for (const p of ledger.payments) payments.add(p);
  return newSettlement(ledger.settlement, payments);
}

/** The settlement of that source over the ledger's payments (all of them given before the first document). */
export function newSettlement(source: SettlementSource, payments: PaymentsByDocument): Settlement {
  return source === "payments" ? fromPayments(payments) : fromDocuments(payments);
}

const NONE: PaymentSchedule = schedule(0);

/** `facts` rewritten with these: a settlement gives the facts of each document in one record (Settlement.facts). */
function factsOf(facts: DocumentFacts, settledOn: Day | null, open: Cents, openBefore: Cents): DocumentFacts {
  facts.settledOn = settledOn;
  facts.open = open;
  facts.openBefore = openBefore;
  return facts;
}

/**
 * Payments mode: each document claims the payments that name it when the metrics reach
 * it; what no document claimed (or names no invoice) is unallocated.
 */
function fromPayments(payments: PaymentsByDocument): Settlement {
  const claimOf = (doc: LedgerDocument, entry: number) => (entry >= 0 ? payments.claimEntry(entry) : payments.claim(doc.customer_id, doc.invoice_id));
  const facts: DocumentFacts = { settledOn: null, open: 0, openBefore: 0 };
  return {
    datesKnown: true,
    claim: (doc, entry) => void claimOf(doc, entry),
    unallocated: () => [...payments.noInvoice, ...payments.unclaimed()],
    facts(doc, day, before, entry) {
      const s = claimOf(doc, entry) ?? NONE;
      if (doc.amount === 0) return factsOf(facts, null, 0, 0);
      let settledOn: Day | null = null;
      for (let i = 0; i < s.count; i++) {
        const t = s.totals[i]!;
        if (doc.amount > 0 ? t >= doc.amount : t <= doc.amount) {
          settledOn = s.days[i]!;
          break;
        }
      }
      return factsOf(facts, settledOn, doc.amount - paidBy(s, day), doc.amount - paidBy(s, before));
    },
  };
}

/** Running total of a schedule at the end of `day` (binary search). */
function paidBy(s: PaymentSchedule, day: Day): Cents {
  let lo = 0;
  let hi = s.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s.days[mid]! <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : s.totals[lo - 1]!;
}

function fromDocuments(payments: PaymentsByDocument): Settlement {
  let datesKnown = false;
  const openAt = (doc: LedgerDocument, day: Day): Cents => {
    if (doc.amount === 0) return 0;
    if (doc.paid_date !== null) return doc.paid_date <= day ? 0 : doc.amount;
    return doc.open_amount ?? doc.amount;
  };
  const facts: DocumentFacts = { settledOn: null, open: 0, openBefore: 0 };
  return {
    unallocated: () => payments.noInvoice,
    claim: (doc) => void (datesKnown ||= doc.paid_date !== null),
    get datesKnown() {
      return datesKnown;
    },
    facts(doc, day, before) {
      datesKnown ||= doc.paid_date !== null;
      return factsOf(facts, doc.amount === 0 ? null : doc.paid_date, openAt(doc, day), openAt(doc, before));
    },
  };
}
