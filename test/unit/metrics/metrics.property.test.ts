/**
 * Properties of computeMetrics on random small ledgers (a few customers, ≤ 30 documents, dates
 * within ±400 days of D, paid dates before and after D, credit notes, zero amounts, optional
 * payments mode with partial, complete, over- and unallocated payments).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Day } from "../../../src/ledger/day.js";
import type { Customer, Ledger, LedgerDocument, Payment } from "../../../src/ledger/types.js";
import { computeMetrics } from "../../../src/metrics/compute-metrics.js";
import { rowKey, type MetricsOptions, type MetricsResult } from "../../../src/metrics/types.js";
import { day } from "../../helpers/ledger-builder.js";

const D0 = day("2026-10-31");
const RUNS = { numRuns: 200 };

interface GenDoc {
  cust: number;
  credit: boolean;
  zero: boolean;
  issue: number; //     offset from D0
  dueAfter: number; //  due − issue
  amount: number; //    cents, > 0 (sign from `credit`)
  currency: "EUR" | "USD";
  disputed: boolean;
  paidAfter: number | null; // documents mode: paid − issue
  noOpenColumn: boolean;
  pays: { after: number; share: number }[]; // payments mode: date − issue, percent of the amount
  complete: boolean; // payments mode: a last payment tops the total up to the amount
}

interface Gen {
  withPayments: boolean;
  customers: { created: number | null; limit: number | null }[];
  docs: GenDoc[];
  loose: { cust: number; when: number; amount: number; unknownInvoice: boolean }[];
  windowDays: number;
  graceDays: number;
  cut: number; // D = D0 − cut
  seed: number;
}

const genDoc = (customers: number): fc.Arbitrary<GenDoc> => fc.record({
  cust: fc.integer({ min: 0, max: customers - 1 }),
  credit: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  zero: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
  issue: fc.oneof(fc.integer({ min: -400, max: 400 }), fc.integer({ min: -400, max: 0 }), fc.integer({ min: -120, max: 0 })),
  dueAfter: fc.integer({ min: 0, max: 60 }),
  amount: fc.integer({ min: 1, max: 200_000 }),
  currency: fc.constantFrom("EUR" as const, "EUR" as const, "USD" as const),
  disputed: fc.boolean(),
  paidAfter: fc.option(fc.integer({ min: 0, max: 250 }), { nil: null, freq: 3 }),
  noOpenColumn: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  pays: fc.array(fc.record({ after: fc.integer({ min: 0, max: 250 }), share: fc.oneof(fc.integer({ min: -20, max: 120 }), fc.constant(100), fc.constant(50)) }), { maxLength: 3 }),
  complete: fc.boolean(),
});

const genLedger: fc.Arbitrary<Gen> = fc.integer({ min: 1, max: 4 }).chain((n) => fc.record({
  withPayments: fc.boolean(),
  customers: fc.array(fc.record({
    created: fc.option(fc.integer({ min: -800, max: 100 }), { nil: null }),
    limit: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
  }), { minLength: n, maxLength: n }),
  docs: fc.array(genDoc(n), { minLength: 1, maxLength: 30, size: "medium" }),
  loose: fc.array(fc.record({
    cust: fc.integer({ min: 0, max: n - 1 }), when: fc.integer({ min: -400, max: 400 }),
    amount: fc.integer({ min: 1, max: 50_000 }), unknownInvoice: fc.boolean(),
  }), { maxLength: 3 }),
  windowDays: fc.constantFrom(30, 90, 365),
  graceDays: fc.constantFrom(0, 5),
  cut: fc.integer({ min: 0, max: 300 }),
  seed: fc.integer(),
}));

const src = (file: string, line: number) => ({ file, line });

function build(g: Gen): Ledger {
  const customers: Customer[] = g.customers.map((c, i) => ({
    customer_id: `C${i}`, name: `C${i}`, language: null, email: null, phone: null, country: null, sector: null, owner: null,
    credit_limit: c.limit, credit_score: null, payment_terms_days: null, created_date: c.created === null ? null : D0 + c.created,
    invoicing: null, extra: {}, source: src("customers.csv", i + 2),
  }));
  const documents: LedgerDocument[] = [];
  const payments: Payment[] = [];
  g.docs.forEach((d, i) => {
    const amount = d.zero ? 0 : d.credit ? -d.amount : d.amount;
    const issue = D0 + d.issue;
    const paid = d.paidAfter === null ? null : issue + d.paidAfter;
    // documents mode is only generated consistent: open 0 when paid, the amount when unpaid
    const open = paid !== null ? 0 : d.noOpenColumn ? null : amount;
    const doc: LedgerDocument = {
      customer_id: `C${d.cust}`, invoice_id: `I${i}`, kind: d.credit ? "credit_note" : "invoice",
      issue_date: issue, due_date: issue + d.dueAfter, due_date_estimated: false,
      amount, open_amount: open, paid_date: paid, disputed: d.disputed, currency: d.currency, reference: null,
      source: src("invoices.csv", i + 2),
    };
    documents.push(doc);
    if (amount === 0) return; // zero-amount documents get no payments
    let total = 0;
    let last = issue;
    for (const p of d.pays) {
      const part = Math.round((amount * p.share) / 100);
      total += part;
      last = Math.max(last, issue + p.after);
      payments.push({ customer_id: doc.customer_id, invoice_id: doc.invoice_id, date: issue + p.after, amount: part, currency: d.currency, source: src("payments.csv", payments.length + 2) });
    }
    if (d.complete && total !== amount) {
      payments.push({ customer_id: doc.customer_id, invoice_id: doc.invoice_id, date: last + 3, amount: amount - total, currency: d.currency, source: src("payments.csv", payments.length + 2) });
    }
  });
  g.loose.forEach((p, i) => {
    payments.push({
      customer_id: `C${p.cust}`, invoice_id: p.unknownInvoice ? `UNKNOWN${i}` : null, date: D0 + p.when, amount: p.amount, currency: "EUR",
      source: src("payments.csv", payments.length + 2),
    });
  });
  return { settlement: g.withPayments ? "payments" : "documents", customers, documents, payments, rejected: [], warnings: [], sources: [] };
}

const optionsOf = (g: Gen): MetricsOptions => ({ asOf: D0 - g.cut, windowDays: g.windowDays, graceDays: g.graceDays });

/** Deterministic Fisher–Yates shuffle (mulberry32). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Independent open amount at D (metrics.md "Open amount at D of a document"; zero-amount documents: 0). */
function openAt(l: Ledger, doc: LedgerDocument, asOf: Day): number {
  if (doc.amount === 0) return 0;
  if (l.settlement === "payments") {
    let paid = 0;
    for (const p of l.payments) if (p.customer_id === doc.customer_id && p.invoice_id === doc.invoice_id && p.date <= asOf) paid += p.amount;
    return doc.amount - paid;
  }
  if (doc.paid_date !== null) return doc.paid_date <= asOf ? 0 : doc.amount;
  return doc.open_amount ?? doc.amount;
}

/** Everything the result says per row, in an order-free form. */
function comparable(r: MetricsResult) {
  const sortedEntries = <V>(m: Map<string, V>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    rows: r.rows,
    openItems: sortedEntries(r.openItems).map(([k, items]) => [k, [...items].sort((x, y) => (x.invoice_id < y.invoice_id ? -1 : 1))]),
    unallocated: sortedEntries(r.unallocatedCredit).filter(([, v]) => v !== 0),
    cei: sortedEntries(r.ceiInputs),
  };
}

describe("computeMetrics properties", () => {
  it("(1) the five aging buckets sum to open_balance for every row", () => {
    fc.assert(fc.property(genLedger, (g) => {
      for (const r of computeMetrics(build(g), optionsOf(g)).rows) {
        expect(r.aging_not_due + r.aging_1_30 + r.aging_31_60 + r.aging_61_90 + r.aging_90_plus).toBe(r.open_balance);
      }
    }), RUNS);
  });

  it("(2) 0 ≤ overdue_balance ≤ Σ positive open amounts of the row's invoices", () => {
    fc.assert(fc.property(genLedger, (g) => {
      const l = build(g);
      const o = optionsOf(g);
      for (const r of computeMetrics(l, o).rows) {
        let positive = 0;
        for (const d of l.documents) {
          if (d.customer_id !== r.customer_id || d.currency !== r.currency || d.kind !== "invoice" || d.issue_date > o.asOf) continue;
          positive += Math.max(0, openAt(l, d, o.asOf));
        }
        expect(r.overdue_balance).toBeGreaterThanOrEqual(0);
        expect(r.overdue_balance).toBeLessThanOrEqual(positive);
      }
    }), RUNS);
  });

  it("(3) results do not depend on the order of documents, payments and customers", () => {
    fc.assert(fc.property(genLedger, (g) => {
      const l = build(g);
      const o = optionsOf(g);
      const mixed: Ledger = {
        ...l,
        customers: shuffled(l.customers, g.seed),
        documents: shuffled(l.documents, g.seed + 1),
        payments: shuffled(l.payments, g.seed + 2),
      };
      expect(comparable(computeMetrics(mixed, o))).toEqual(comparable(computeMetrics(l, o)));
    }), RUNS);
  });

  it("(4) truncation: the ledger as exported on D gives the same rows as the full ledger at D", () => {
    fc.assert(fc.property(genLedger, (g) => {
      const full = build(g);
      const o = optionsOf(g);
      const D = o.asOf;
      const truncated: Ledger = {
        ...full,
        documents: full.documents.filter((d) => d.issue_date <= D).map((d) =>
          full.settlement === "documents" && d.paid_date !== null && d.paid_date > D ? { ...d, paid_date: null, open_amount: d.amount } : d),
        payments: full.payments.filter((p) => p.date <= D),
      };
      const a = comparable(computeMetrics(full, o));
      const b = comparable(computeMetrics(truncated, o));
      expect(b.rows).toEqual(a.rows);
      expect(b.openItems).toEqual(a.openItems);
      expect(b.unallocated).toEqual(a.unallocated);
      expect(b.cei).toEqual(a.cei);
    }), RUNS);
  });

  it("(5) metrics at D ignore documents issued after D", () => {
    fc.assert(fc.property(genLedger, (g) => {
      const full = build(g);
      const o = optionsOf(g);
      const upToD: Ledger = { ...full, documents: full.documents.filter((d) => d.issue_date <= o.asOf) };
      expect(comparable(computeMetrics(upToD, o))).toEqual(comparable(computeMetrics(full, o)));
    }), RUNS);
  });

  it("(6) rows, open_balance and revenue reconcile to the cent with the documents", () => {
    fc.assert(fc.property(genLedger, (g) => {
      const l = build(g);
      const o = optionsOf(g);
      const D = o.asOf;
      const expected = new Map<string, { open: number; revenue: number }>();
      for (const d of l.documents) {
        if (d.issue_date > D) continue;
        const k = rowKey(d.customer_id, d.currency);
        const e = expected.get(k) ?? { open: 0, revenue: 0 };
        e.open += openAt(l, d, D);
        if (d.issue_date > D - o.windowDays) e.revenue += d.amount;
        expected.set(k, e);
      }
      for (const c of l.customers) {
        const hasDoc = l.documents.some((d) => d.customer_id === c.customer_id && d.issue_date <= D);
        if (!hasDoc && !(c.created_date !== null && c.created_date > D)) expected.set(rowKey(c.customer_id, ""), { open: 0, revenue: 0 });
      }
      const rows = computeMetrics(l, o).rows;
      const got = new Map(rows.map((r) => [rowKey(r.customer_id, r.currency), { open: r.open_balance, revenue: r.revenue }]));
      expect(got).toEqual(expected);
      const keys = rows.map((r) => [r.customer_id, r.currency] as const);
      const sorted = [...keys].sort((a, b) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
      expect(keys).toEqual(sorted);
    }), RUNS);
  });
});
