/**
 * Per-customer metrics, hand-checked against /work/shared/spec/metrics.md.
 * Unless said otherwise D = 2026-10-31, L = 365 (window (2025-10-31, 2026-10-31]), grace 0.
 * Day differences used below (all checked by hand on a calendar):
 *   D − 2026-10-01 = 30, D − 2026-09-20 = 41, D − 2026-08-20 = 72, D − 2026-08-02 = 90,
 *   D − 2026-07-31 = 92, D − 2026-05-01 = 183, D − 2026-02-10 = 263, D − 2026-01-01 = 303,
 *   D − 2026-06-01 = 152, D − 2026-03-01 = 244, D − 2025-10-31 = 365, D − 2024-01-01 = 1034.
 */
import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../../src/metrics/compute-metrics.js";
import { METRIC_FIELDS, metricRecord, rowKey, type CustomerMetrics } from "../../../src/metrics/types.js";
import {
  cents, creditNote, customer, day, invoice, ledger, options, payment, rowOf, shift, unallocated,
} from "../../helpers/ledger-builder.js";

const D = "2026-10-31";
const OPT = options(D);

/** A row with every count 0, every money 0 and every nullable null (tenure and the identity given). */
function emptyRow(customer_id: string, currency: string, extra: Partial<CustomerMetrics> = {}): CustomerMetrics {
  return {
    customer_id, currency, paid_count: 0, avg_days_to_pay: null, avg_days_late: null, wavg_days_late: null, on_time_rate: null,
    open_balance: 0, overdue_balance: 0, open_count: 0, overdue_count: 0, max_days_past_due: 0,
    aging_not_due: 0, aging_1_30: 0, aging_31_60: 0, aging_61_90: 0, aging_90_plus: 0,
    dispute_count: 0, revenue: 0, tenure_days: null, credit_limit_use: null, dso: null, trend_days_late: null, ...extra,
  };
}

const agingSum = (r: CustomerMetrics): number => r.aging_not_due + r.aging_1_30 + r.aging_31_60 + r.aging_61_90 + r.aging_90_plus;

describe("computeMetrics: every field on one hand-checked customer (documents mode)", () => {
  // C1, created 2024-01-01, credit limit 10 000 €.
  // Paid, settlement s = paid_date:
  //   F0 issued 2025-09-01 due 2025-10-01   500 € paid 2025-10-20 → s ≤ D−L: not in P; issued before window; disputed but closed → no dispute
  //   F1 issued 2026-01-01 due 2026-01-31 1 000 € paid 2026-02-10 → to_pay 40, late 10, s = D−263 (older part of trend)
  //   F2 issued 2026-03-01 due 2026-03-31 3 000 € paid 2026-03-25 → to_pay 24, late −6 (older part)
  //   F3 issued 2026-08-01 due 2026-08-31 2 000 € paid 2026-09-20 → to_pay 50, late 20, s = D−41 (last 90 days); disputed, issued in window → dispute
  //   F4 issued 2026-09-15 due 2026-10-15 1 000 € paid 2026-10-15 → to_pay 30, late 0 (last 90 days)
  // Open at D:
  //   F5  due 2026-11-09  400 € open          → D−due = −9  → not due
  //   F6  due 2026-10-01  600 € open          → D−due = 30  → 1–30, overdue
  //   F7  due 2026-07-31  800 € open disputed → D−due = 92  → 90+, overdue, dispute (open)
  //   F8  due 2026-08-20  300 € open_amount 100 (partial, no paid date) → 100 open, D−due = 72 → 61–90, overdue
  //   F11 due 2026-09-20  250 € open          → D−due = 41  → 31–60, overdue
  //   CN1 credit note due 2026-10-20 −150 € open −150 → D−due = 11 → 1–30 (credit notes are aged too)
  //   F9  due 2026-05-01  200 € paid 2026-11-05 (after D; export shows open 0) → fully open at D, D−due = 183 → 90+, overdue
  //   F10 issued 2026-11-02 (after D) 999 € open → ignored everywhere
  const docs = [
    invoice("C1", "F0", { issue: "2025-09-01", due: "2025-10-01", amount: 500, paid: "2025-10-20", disputed: true }),
    invoice("C1", "F1", { issue: "2026-01-01", due: "2026-01-31", amount: 1000, paid: "2026-02-10" }),
    invoice("C1", "F2", { issue: "2026-03-01", due: "2026-03-31", amount: 3000, paid: "2026-03-25" }),
    invoice("C1", "F3", { issue: "2026-08-01", due: "2026-08-31", amount: 2000, paid: "2026-09-20", disputed: true }),
    invoice("C1", "F4", { issue: "2026-09-15", due: "2026-10-15", amount: 1000, paid: "2026-10-15" }),
    invoice("C1", "F5", { issue: "2026-10-10", due: "2026-11-09", amount: 400 }),
    invoice("C1", "F6", { issue: "2026-09-01", due: "2026-10-01", amount: 600 }),
    invoice("C1", "F7", { issue: "2026-07-01", due: "2026-07-31", amount: 800, disputed: true }),
    invoice("C1", "F8", { issue: "2026-07-21", due: "2026-08-20", amount: 300, open: 100 }),
    invoice("C1", "F11", { issue: "2026-08-21", due: "2026-09-20", amount: 250 }),
    creditNote("C1", "CN1", { issue: "2026-10-20", due: "2026-10-20", amount: 150 }),
    invoice("C1", "F9", { issue: "2026-04-01", due: "2026-05-01", amount: 200, paid: "2026-11-05" }),
    invoice("C1", "F10", { issue: "2026-11-02", due: "2026-12-02", amount: 999, disputed: true }),
  ];
  const c1 = customer("C1", { created_date: "2024-01-01", credit_limit: 10_000 });
  const expected: CustomerMetrics = {
    customer_id: "C1", currency: "EUR",
    paid_count: 4, //                         P = {F1, F2, F3, F4}
    avg_days_to_pay: 36, //                   (40 + 24 + 50 + 30) / 4 = 144 / 4
    avg_days_late: 6, //                      (10 − 6 + 20 + 0) / 4 = 24 / 4
    wavg_days_late: 32 / 7, //                (1000×10 + 3000×(−6) + 2000×20 + 1000×0) / 7000 = 32000 / 7000
    on_time_rate: 0.5, //                     late ≤ 0: F2, F4 → 2 / 4
    open_balance: cents(2200), //             400 + 600 + 800 + 100 + 250 − 150 + 200
    overdue_balance: cents(1950), //          600 + 800 + 100 + 250 + 200 (invoices, open > 0, due < D)
    open_count: 6, //                         F5 F6 F7 F8 F11 F9
    overdue_count: 5, //                      F6 F7 F8 F11 F9
    max_days_past_due: 183, //                F9
    aging_not_due: cents(400), //             F5
    aging_1_30: cents(450), //                F6 600 + CN1 −150
    aging_31_60: cents(250), //               F11
    aging_61_90: cents(100), //               F8
    aging_90_plus: cents(1000), //            F7 800 + F9 200  (sum of buckets = 2200 = open_balance)
    dispute_count: 2, //                      F7 (open) + F3 (issued in window); not F0 (closed, issued before), not F10 (after D)
    revenue: cents(9400), //                  issued in (2025-10-31, 2026-10-31]: 1000+3000+2000+1000+400+600+800+300+250−150+200
    tenure_days: 1034, //                     D − min(2024-01-01, 2025-09-01) = D − 2024-01-01
    credit_limit_use: 0.22, //                2200 / 10000
    dso: (2200 / 9400) * 365, //              open / revenue × L = 85.4255…
    trend_days_late: 8, //                    last 90 days {F3 20, F4 0} mean 10 − older {F1 10, F2 −6} mean 2
  };

  it("computes each field as the spec defines it", () => {
    const result = computeMetrics(ledger({ customers: [c1], documents: docs }), OPT);
    expect(result.rows).toHaveLength(1);
    const r = rowOf(result, "C1");
    for (const [field, value] of Object.entries(expected)) {
      const actual = r[field as keyof CustomerMetrics];
      if (typeof value === "number" && !Number.isInteger(value)) expect(actual, field).toBeCloseTo(value, 9);
      else expect(actual, field).toBe(value);
    }
    expect(agingSum(r)).toBe(r.open_balance);
  });

  it("lists the documents open at D (open ≠ 0, credit notes included), most overdue first", () => {
    const result = computeMetrics(ledger({ customers: [c1], documents: docs }), OPT);
    const items = result.openItems.get(rowKey("C1", "EUR")) ?? [];
    expect(items.map((i) => [i.invoice_id, i.open])).toEqual([
      ["F9", cents(200)], ["F7", cents(800)], ["F8", cents(100)], ["F11", cents(250)], ["F6", cents(600)], ["CN1", cents(-150)], ["F5", cents(400)],
    ]);
    const f8 = items.find((i) => i.invoice_id === "F8");
    expect(f8).toMatchObject({ customer_id: "C1", currency: "EUR", kind: "invoice", amount: cents(300), open: cents(100), issue_date: day("2026-07-21"), due_date: day("2026-08-20"), disputed: false });
  });

  it("writes a metrics record with every field of the contract, in its order, each from its own value", () => {
    const record = metricRecord((f) => METRIC_FIELDS.indexOf(f));
    expect(Object.keys(record)).toEqual([...METRIC_FIELDS]);
    expect(Object.values(record)).toEqual(METRIC_FIELDS.map((_, i) => i));
  });

  it("measures the same without keeping the open documents (keepOpenItems: false, for commands that plan nothing)", () => {
    const kept = computeMetrics(ledger({ customers: [c1], documents: docs }), OPT);
    const measured = computeMetrics(ledger({ customers: [c1], documents: docs }), { ...OPT, keepOpenItems: false });
    expect(measured.rows).toEqual(kept.rows);
    expect(measured.portfolio).toEqual(kept.portfolio);
    expect(kept.openItems.get(rowKey("C1", "EUR"))).toHaveLength(7);
    expect(measured.openItems.size).toBe(0); // a row without open documents has no entry
  });

  it("gives its rows one at a time (oneByOne) as they are in `rows`, asked for before the rows or after", () => {
    const two = () => ledger({
      customers: [customer("C2"), c1, customer("C0", { created_date: "2026-01-01" })],
      documents: [...docs, invoice("C2", "G1", { issue: "2026-09-01", due: "2026-10-01", amount: 50, currency: "USD" }), invoice("C2", "G2", { issue: "2026-09-01", due: "2026-10-01", amount: 70 })],
    });
    const first = computeMetrics(two(), OPT);
    const oneByOne = [...first.oneByOne]; // before `rows`: each made as asked
    expect(first.rowCount).toBe(4);
    expect(oneByOne.map((r) => `${r.customer_id} ${r.currency}`)).toEqual(["C0 ", "C1 EUR", "C2 EUR", "C2 USD"]);
    expect(oneByOne).toEqual(first.rows);
    expect([...first.oneByOne]).toEqual(first.rows); // after: the same records
    expect([...first.oneByOne][1]).toBe(first.rows[1]);
    expect(computeMetrics(two(), OPT).rows).toEqual(oneByOne);
  });

  it("gives the same row in payments mode when the payments tell the same story", () => {
    const pays = [
      payment("C1", "F0", "2025-10-20", 500),
      payment("C1", "F1", "2026-02-10", 1000),
      payment("C1", "F2", "2026-03-20", 1000), payment("C1", "F2", "2026-03-25", 2000), // reaches 3000 on 03-25
      payment("C1", "F3", "2026-09-20", 2000),
      payment("C1", "F4", "2026-10-15", 1000),
      payment("C1", "F8", "2026-09-01", 200), //                                        300 − 200 = 100 open
      payment("C1", "F9", "2026-11-05", 200), //                                        after D
    ];
    const result = computeMetrics(ledger({ customers: [c1], documents: docs, payments: pays }), OPT);
    const r = rowOf(result, "C1");
    for (const [field, value] of Object.entries(expected)) {
      const actual = r[field as keyof CustomerMetrics];
      if (typeof value === "number" && !Number.isInteger(value)) expect(actual, field).toBeCloseTo(value, 9);
      else expect(actual, field).toBe(value);
    }
  });
});

describe("computeMetrics: paid set P", () => {
  it("no paid invoice: paid_count 0 and every mean null, max_days_past_due 0", () => {
    // One invoice, not due: F1 issued 2026-10-15 due 2026-11-14, 100 € open.
    const result = computeMetrics(ledger({
      customers: [customer("C1")],
      documents: [invoice("C1", "F1", { issue: "2026-10-15", due: "2026-11-14", amount: 100 })],
    }), OPT);
    expect(rowOf(result, "C1")).toEqual(emptyRow("C1", "EUR", {
      open_balance: 10000, open_count: 1, aging_not_due: 10000, revenue: 10000,
      tenure_days: 16, //   D − 2026-10-15
      dso: 365, //          100 / 100 × 365
    }));
  });

  it("an invoice paid on D is in P and not open; one paid the day after D is fully open at D and not in P", () => {
    // A issued 2026-09-01 due 2026-10-01 1000 € paid 2026-10-31 (= D): to_pay 60, late 30.
    // B issued 2026-09-10 due 2026-10-10 500 € paid 2026-11-01 (= D+1), export shows open 0: open at D = 500 (paid_date > D → amount), D − due = 21.
    const l = ledger({
      customers: [customer("C1")],
      documents: [
        invoice("C1", "A", { issue: "2026-09-01", due: "2026-10-01", amount: 1000, paid: "2026-10-31" }),
        invoice("C1", "B", { issue: "2026-09-10", due: "2026-10-10", amount: 500, paid: "2026-11-01", open: 0 }),
      ],
    });
    const r = rowOf(computeMetrics(l, OPT), "C1");
    expect(r).toMatchObject({
      paid_count: 1, avg_days_to_pay: 60, avg_days_late: 30, wavg_days_late: 30, on_time_rate: 0,
      open_balance: 50000, overdue_balance: 50000, open_count: 1, overdue_count: 1, max_days_past_due: 21,
      aging_1_30: 50000, aging_not_due: 0,
    });
    // At D+1 = 2026-11-01 both are in P: B to_pay = 52 (09-10 → 11-01), late 22.
    // avg to_pay (60 + 52)/2 = 56, avg late (30 + 22)/2 = 26, wavg (1000×30 + 500×22)/1500 = 41000/1500.
    const r2 = rowOf(computeMetrics(l, options("2026-11-01")), "C1");
    expect(r2).toMatchObject({ paid_count: 2, avg_days_to_pay: 56, avg_days_late: 26, open_balance: 0, open_count: 0 });
    expect(r2.wavg_days_late).toBeCloseTo(41000 / 1500, 9);
  });

  it("window boundary: settled on D−L excluded, on D−L+1 and on D included (L = 365)", () => {
    // W1 settled 2025-10-31 = D−365 → out.  W2 issued/due/paid 2025-11-01 = D−364 → in, to_pay 0, late 0.
    // W3 issued/due/paid on D → in, to_pay 0, late 0.  W4 issued 2025-10-01 due 2025-10-31 paid 2025-11-01 → in, to_pay 31, late 1.
    const r = rowOf(computeMetrics(ledger({
      customers: [customer("C1")],
      documents: [
        invoice("C1", "W1", { issue: "2025-10-31", due: "2025-10-31", amount: 100, paid: "2025-10-31" }),
        invoice("C1", "W2", { issue: "2025-11-01", due: "2025-11-01", amount: 200, paid: "2025-11-01" }),
        invoice("C1", "W3", { issue: D, due: D, amount: 400, paid: D }),
        invoice("C1", "W4", { issue: "2025-10-01", due: "2025-10-31", amount: 800, paid: "2025-11-01" }),
      ],
    }), OPT), "C1");
    expect(r.paid_count).toBe(3);
    expect(r.avg_days_to_pay).toBeCloseTo(31 / 3, 9); // (0 + 0 + 31) / 3
    expect(r.avg_days_late).toBeCloseTo(1 / 3, 9); //    (0 + 0 + 1) / 3
    expect(r.wavg_days_late).toBeCloseTo(800 / 1400, 9); // (200×0 + 400×0 + 800×1) / 1400
    expect(r.on_time_rate).toBeCloseTo(2 / 3, 9);
    // revenue: issued in (D−365, D]: W2 200 + W3 400 (W1 on D−365 and W4 before are out)
    expect(r.revenue).toBe(cents(600));
    expect(r.open_balance).toBe(0);
  });

  it("window boundary with L = 90: D−90 excluded, D−89 included (P and revenue)", () => {
    // X1 issued/paid 2026-08-02 = D−90 → out of P and of revenue.  X2 issued 2026-08-03 (D−89) paid 2026-08-05 → in, to_pay 2.
    const r = rowOf(computeMetrics(ledger({
      customers: [customer("C1")],
      documents: [
        invoice("C1", "X1", { issue: "2026-08-02", due: "2026-08-02", amount: 100, paid: "2026-08-02" }),
        invoice("C1", "X2", { issue: "2026-08-03", due: "2026-08-03", amount: 200, paid: "2026-08-05" }),
      ],
    }), options(D, { windowDays: 90 })), "C1");
    expect(r).toMatchObject({ paid_count: 1, avg_days_to_pay: 2, avg_days_late: 2, revenue: cents(200), dso: 0 }); // dso = 0 / 200 × 90
  });

  it("grace_days: days_late ≤ grace counts as on time", () => {
    // five invoices due 2026-10-01 of 100 €, paid with days_late −2, 0, 3, 5, 6
    const docs = [-2, 0, 3, 5, 6].map((late, i) =>
      invoice("C1", `G${i}`, { issue: "2026-09-01", due: "2026-10-01", amount: 100, paid: shift("2026-10-01", late) }));
    const l = ledger({ customers: [customer("C1")], documents: docs });
    expect(rowOf(computeMetrics(l, options(D)), "C1").on_time_rate).toBeCloseTo(2 / 5, 9); // −2, 0
    expect(rowOf(computeMetrics(l, options(D, { graceDays: 5 })), "C1").on_time_rate).toBeCloseTo(4 / 5, 9); // −2, 0, 3, 5
    expect(rowOf(computeMetrics(l, options(D, { graceDays: 6 })), "C1").on_time_rate).toBe(1);
    // grace does not change days_late: (−2 + 0 + 3 + 5 + 6) / 5 = 12 / 5
    expect(rowOf(computeMetrics(l, options(D, { graceDays: 5 })), "C1").avg_days_late).toBeCloseTo(12 / 5, 9);
  });

  it("wavg_days_late weights each invoice by its amount", () => {
    // 100 € 30 days late and 900 € on time: mean 15, weighted (100×30 + 900×0) / 1000 = 3
    const r = rowOf(computeMetrics(ledger({
      customers: [customer("C1")],
      documents: [
        invoice("C1", "S", { issue: "2026-08-01", due: "2026-08-31", amount: 100, paid: "2026-09-30" }),
        invoice("C1", "B", { issue: "2026-08-01", due: "2026-08-31", amount: 900, paid: "2026-08-31" }),
      ],
    }), OPT), "C1");
    expect(r.avg_days_late).toBe(15);
    expect(r.wavg_days_late).toBeCloseTo(3, 9);
  });

  it("wavg_days_late stays exact past 2^53 (Σ amount × days late of a large customer)", () => {
    // 10^11 € (10^13 cents) paid 400 days late, three times, and 1 € on time: Σ amount × late = 1.2e16 > 2^53
    const r = rowOf(computeMetrics(ledger({
      customers: [customer("C1")],
      documents: [
        ...["A", "B", "C"].map((id) => invoice("C1", id, { issue: "2025-07-01", due: "2025-08-01", amount: 1e11, paid: "2026-09-05" })),
        invoice("C1", "D", { issue: "2026-08-01", due: "2026-08-31", amount: 1, paid: "2026-08-31" }),
      ],
    }), OPT), "C1");
    const amount = 10n ** 13n;
    const exact = (3n * amount * 400n) / (3n * amount + 100n); // whole days; the rest below
    expect(Math.floor(r.wavg_days_late!)).toBe(Number(exact));
    expect(r.wavg_days_late!).toBeCloseTo((3 * 400) / (3 + 1e-11), 6);
    expect(r.avg_days_late).toBe(300);
  });

  it("trend_days_late: last 90 days (D−89 … D) minus the rest of P; null when a part is empty", () => {
    // T1 paid D (late 10) and T2 paid 2026-08-03 = D−89 (late 4) → recent mean 7
    // T3 paid 2026-08-02 = D−90 (late 1) and T4 paid 2026-01-10 (late −5) → older mean −2.  trend = 7 − (−2) = 9
    const docs = [
      invoice("C1", "T1", { issue: "2026-09-21", due: "2026-10-21", amount: 100, paid: "2026-10-31" }),
      invoice("C1", "T2", { issue: "2026-06-30", due: "2026-07-30", amount: 100, paid: "2026-08-03" }),
      invoice("C1", "T3", { issue: "2026-07-01", due: "2026-08-01", amount: 100, paid: "2026-08-02" }),
      invoice("C1", "T4", { issue: "2025-12-16", due: "2026-01-15", amount: 100, paid: "2026-01-10" }),
    ];
    const r = rowOf(computeMetrics(ledger({ customers: [customer("C1")], documents: docs }), OPT), "C1");
    expect(r.trend_days_late).toBe(9);
    expect(r.avg_days_late).toBe(2.5); // (10 + 4 + 1 − 5) / 4
    // only recent settlements → null; only older ones → null
    const recentOnly = rowOf(computeMetrics(ledger({ customers: [customer("C1")], documents: docs.slice(0, 2) }), OPT), "C1");
    expect(recentOnly.trend_days_late).toBeNull();
    const olderOnly = rowOf(computeMetrics(ledger({ customers: [customer("C1")], documents: docs.slice(2) }), OPT), "C1");
    expect(olderOnly.trend_days_late).toBeNull();
  });

  it("zero-amount documents are never settled and have open amount 0", () => {
    // documents mode: Z1 0 € with a paid date (not in P), Z2 0 € unpaid (not open); N1 100 € paid → P = {N1}
    const docsMode = computeMetrics(ledger({
      customers: [customer("C1")],
      documents: [
        invoice("C1", "Z1", { issue: "2026-09-01", due: "2026-10-01", amount: 0, paid: "2026-10-01" }),
        invoice("C1", "Z2", { issue: "2026-09-01", due: "2026-10-01", amount: 0 }),
        invoice("C1", "N1", { issue: "2026-09-01", due: "2026-10-01", amount: 100, paid: "2026-10-11" }),
      ],
    }), OPT);
    expect(rowOf(docsMode, "C1")).toMatchObject({ paid_count: 1, avg_days_late: 10, open_balance: 0, open_count: 0, overdue_count: 0, revenue: 10000 });
    expect(docsMode.openItems.get(rowKey("C1", "EUR")) ?? []).toEqual([]);
    // payments mode: a 0 € invoice without payments ("running total 0 reaches 0") is still not settled
    const payMode = computeMetrics(ledger({
      customers: [customer("C1")],
      documents: [invoice("C1", "Z3", { issue: "2026-09-01", due: "2026-10-01", amount: 0 })],
      payments: [],
    }), OPT);
    expect(rowOf(payMode, "C1")).toMatchObject({ paid_count: 0, avg_days_late: null, open_balance: 0, open_count: 0 });
  });
});

describe("computeMetrics: open amounts and aging", () => {
  it("aging buckets at the 0/1, 30/31, 60/61, 90/91 boundaries (and −1)", () => {
    // invoice due D−k, amount as listed: k=−1 256 €, 0 1 €, 1 2 €, 30 4 €, 31 8 €, 60 16 €, 61 32 €, 90 64 €, 91 128 €
    const ks: [number, number][] = [[-1, 256], [0, 1], [1, 2], [30, 4], [31, 8], [60, 16], [61, 32], [90, 64], [91, 128]];
    const docs = ks.map(([k, amount]) => invoice("C1", `K${k}`, { issue: shift(D, -k - 30), due: shift(D, -k), amount }));
    const r = rowOf(computeMetrics(ledger({ customers: [customer("C1")], documents: docs }), OPT), "C1");
    expect(r).toMatchObject({
      aging_not_due: cents(257), // 256 + 1 (D − due ≤ 0)
      aging_1_30: cents(6), //      2 + 4
      aging_31_60: cents(24), //    8 + 16
      aging_61_90: cents(96), //    32 + 64
      aging_90_plus: cents(128), // 128
      open_balance: cents(511),
      overdue_balance: cents(254), // all but k = −1 and k = 0
      open_count: 9, overdue_count: 7, max_days_past_due: 91,
    });
  });

  it("due date equal to D: not overdue, aged not-due", () => {
    const r = rowOf(computeMetrics(ledger({
      customers: [customer("C1")],
      documents: [invoice("C1", "F1", { issue: "2026-10-01", due: D, amount: 70 })],
    }), OPT), "C1");
    expect(r).toMatchObject({ open_balance: 7000, aging_not_due: 7000, aging_1_30: 0, overdue_balance: 0, overdue_count: 0, open_count: 1, max_days_past_due: 0 });
  });

  it("only credit notes: negative balance aged by due date, invoice counts 0, dso null", () => {
    // CN1 −100 € due 2026-10-01 (D−due 30) open; CN2 −40 € paid 2026-09-20 (closed; credit notes are never in P)
    const r = rowOf(computeMetrics(ledger({
      customers: [customer("C1")],
      documents: [
        creditNote("C1", "CN1", { issue: "2026-10-01", due: "2026-10-01", amount: 100 }),
        creditNote("C1", "CN2", { issue: "2026-09-01", due: "2026-09-01", amount: 40, paid: "2026-09-20" }),
      ],
    }), OPT), "C1");
    expect(r).toEqual(emptyRow("C1", "EUR", {
      open_balance: -10000, aging_1_30: -10000,
      revenue: -14000, //          −100 − 40
      tenure_days: 60, //          D − 2026-09-01
      dso: null, //                revenue ≤ 0
    }));
  });

  it("a credit note larger than the open invoices: negative balance, buckets still sum to it", () => {
    // I1 100 € due 2026-09-21 (D−due 40 → 31–60); CN 300 € due 2026-10-26 (D−due 5 → 1–30, −300)
    const r = rowOf(computeMetrics(ledger({
      customers: [customer("C1", { credit_limit: 1000 })],
      documents: [
        invoice("C1", "I1", { issue: "2026-08-22", due: "2026-09-21", amount: 100 }),
        creditNote("C1", "CN", { issue: "2026-10-26", due: "2026-10-26", amount: 300 }),
      ],
    }), OPT), "C1");
    expect(r).toMatchObject({
      open_balance: -20000, aging_31_60: 10000, aging_1_30: -30000, aging_not_due: 0,
      overdue_balance: 10000, open_count: 1, overdue_count: 1, max_days_past_due: 40,
      revenue: -20000, dso: null, credit_limit_use: -0.2, // −200 / 1000
    });
    expect(agingSum(r)).toBe(r.open_balance);
  });

  it("documents mode: open_amount when unpaid, amount when no open-amount column, paid_date decides otherwise; payments naming invoices are ignored", () => {
    // A 100 € open_amount 40 → 40; B 100 € open_amount null → 100; C 100 € paid 2026-10-01 → 0
    // payment of 30 € naming A: ignored in documents mode
    const r = rowOf(computeMetrics(ledger({
      customers: [customer("C1")],
      documents: [
        invoice("C1", "A", { issue: "2026-10-10", due: "2026-11-09", amount: 100, open: 40 }),
        invoice("C1", "B", { issue: "2026-10-10", due: "2026-11-09", amount: 100, open: null }),
        invoice("C1", "C", { issue: "2026-09-01", due: "2026-10-01", amount: 100, paid: "2026-10-01" }),
      ],
      payments: [payment("C1", "A", "2026-10-20", 30)],
      settlement: "documents",
    }), OPT), "C1");
    expect(r).toMatchObject({ open_balance: 14000, aging_not_due: 14000, open_count: 2, paid_count: 1 });
  });

  it("documents mode: a credit note is settled on its paid_date", () => {
    // CN −100 € issued 2026-09-01, paid 2026-09-15 (export open 0): at D closed; at 2026-09-10 fully open (−100)
    const l = ledger({
      customers: [customer("C1")],
      documents: [creditNote("C1", "CN", { issue: "2026-09-01", due: "2026-09-01", amount: 100, paid: "2026-09-15" })],
    });
    expect(rowOf(computeMetrics(l, OPT), "C1").open_balance).toBe(0);
    const early = rowOf(computeMetrics(l, options("2026-09-10")), "C1");
    expect(early).toMatchObject({ open_balance: -10000, aging_1_30: -10000, paid_count: 0 }); // 2026-09-10 − 2026-09-01 = 9
  });

  it("a document issued after D is ignored everywhere (no row of its currency either)", () => {
    const l = ledger({
      customers: [customer("C1")],
      documents: [
        invoice("C1", "A", { issue: "2026-10-10", due: "2026-11-09", amount: 100 }),
        invoice("C1", "LATE", { issue: "2026-11-01", due: "2026-10-01", amount: 5000, paid: "2026-11-01", disputed: true }),
        invoice("C1", "USD", { issue: "2026-11-01", due: "2026-12-01", amount: 5000, currency: "USD" }),
      ],
    });
    const result = computeMetrics(l, OPT);
    expect(result.rows.map((r) => r.currency)).toEqual(["EUR"]);
    expect(rowOf(result, "C1")).toEqual(emptyRow("C1", "EUR", {
      open_balance: 10000, open_count: 1, aging_not_due: 10000, revenue: 10000, tenure_days: 21, dso: 365,
    }));
  });
});

describe("computeMetrics: payments mode", () => {
  it("partial payments crossing D: open = amount − payments ≤ D; settled the day the running total reaches the amount", () => {
    // F1 1000 € issued 2026-09-01 due 2026-10-01; payments 300 on 10-10, 200 on 10-31 (= D, counted), 500 on 11-03
    const l = ledger({
      customers: [customer("C1")],
      documents: [invoice("C1", "F1", { issue: "2026-09-01", due: "2026-10-01", amount: 1000, paid: "2026-10-01" /* ignored: payments decide */ })],
      payments: [payment("C1", "F1", "2026-10-10", 300), payment("C1", "F1", D, 200), payment("C1", "F1", "2026-11-03", 500)],
    });
    // at D: open 1000 − 300 − 200 = 500, D − due = 30 → 1–30, overdue; never reached → not in P
    expect(rowOf(computeMetrics(l, OPT), "C1")).toMatchObject({
      paid_count: 0, avg_days_late: null, open_balance: 50000, overdue_balance: 50000, aging_1_30: 50000, open_count: 1, max_days_past_due: 30,
    });
    // at 2026-11-03: settled, to_pay 63 (09-01 → 11-03), late 33
    expect(rowOf(computeMetrics(l, options("2026-11-03")), "C1")).toMatchObject({
      paid_count: 1, avg_days_to_pay: 63, avg_days_late: 33, on_time_rate: 0, open_balance: 0, open_count: 0,
    });
  });

  it("same-day payments are summed before the running total is compared", () => {
    // F2 500 €: +600 and −200 on 10-05 (day total 400 < 500), +100 on 10-12 → settled 10-12: to_pay 41, late 11
    // F3 500 €: 200 and 300 on 10-07 → settled 10-07: to_pay 36, late 6
    const r = rowOf(computeMetrics(ledger({
      customers: [customer("C1")],
      documents: [
        invoice("C1", "F2", { issue: "2026-09-01", due: "2026-10-01", amount: 500 }),
        invoice("C1", "F3", { issue: "2026-09-01", due: "2026-10-01", amount: 500 }),
      ],
      payments: [
        payment("C1", "F2", "2026-10-05", 600), payment("C1", "F2", "2026-10-05", -200), payment("C1", "F2", "2026-10-12", 100),
        payment("C1", "F3", "2026-10-07", 200), payment("C1", "F3", "2026-10-07", 300),
      ],
    }), OPT), "C1");
    expect(r).toMatchObject({ paid_count: 2, avg_days_to_pay: (41 + 36) / 2, avg_days_late: (11 + 6) / 2, open_balance: 0 });
  });

  it("a document paid_date is ignored when payments are the source of truth", () => {
    const r = rowOf(computeMetrics(ledger({
      customers: [customer("C1")],
      documents: [invoice("C1", "F1", { issue: "2026-09-01", due: "2026-10-01", amount: 100, paid: "2026-10-05" })],
      payments: [],
    }), OPT), "C1");
    expect(r).toMatchObject({ paid_count: 0, open_balance: 10000, open_count: 1, overdue_balance: 10000 });
  });

  it("overpayment: open amount negative, settled, not counted as open or overdue", () => {
    // F1 500 € due 2026-10-01, paid 600 on 2026-09-20 → settled 09-20 (to_pay 19, late −11), open −100 (D−due 30 → 1–30)
    const result = computeMetrics(ledger({
      customers: [customer("C1")],
      documents: [invoice("C1", "F1", { issue: "2026-09-01", due: "2026-10-01", amount: 500 })],
      payments: [payment("C1", "F1", "2026-09-20", 600)],
    }), OPT);
    expect(rowOf(result, "C1")).toMatchObject({
      paid_count: 1, avg_days_to_pay: 19, avg_days_late: -11, on_time_rate: 1,
      open_balance: -10000, aging_1_30: -10000, open_count: 0, overdue_count: 0, overdue_balance: 0, max_days_past_due: 0,
    });
    expect(result.openItems.get(rowKey("C1", "EUR"))?.map((i) => [i.invoice_id, i.open])).toEqual([["F1", -10000]]);
  });

  it("credit notes are settled by negative allocations; never in P", () => {
    // CN1 −100 € with an allocation of −100 on 09-15 → open 0; CN2 −50 € no allocation → open −50 (due 2026-09-01, D−due 60 → 31–60)
    // I 300 € paid 300 on 10-01 → P = {I}, to_pay 30, late 0
    const r = rowOf(computeMetrics(ledger({
      customers: [customer("C1")],
      documents: [
        creditNote("C1", "CN1", { issue: "2026-09-01", due: "2026-09-01", amount: 100 }),
        creditNote("C1", "CN2", { issue: "2026-09-01", due: "2026-09-01", amount: 50 }),
        invoice("C1", "I", { issue: "2026-09-01", due: "2026-10-01", amount: 300 }),
      ],
      payments: [payment("C1", "CN1", "2026-09-15", -100), payment("C1", "I", "2026-10-01", 300)],
    }), OPT), "C1");
    expect(r).toMatchObject({ paid_count: 1, avg_days_to_pay: 30, open_balance: -5000, aging_31_60: -5000, open_count: 0 });
  });
});

describe("computeMetrics: unallocated credit", () => {
  it("payments mode: payments with no invoice or naming an invoice the customer does not have", () => {
    // C1: F1 1000 €, paid 400 naming F1; 250 naming F999 (unknown); 100 with no invoice; 50 with no invoice after D (out)
    // C2: pays 300 naming "F1" — C1's invoice, not C2's → C2's unallocated credit; C1's F1 untouched by it
    const result = computeMetrics(ledger({
      customers: [customer("C1"), customer("C2")],
      documents: [
        invoice("C1", "F1", { issue: "2026-09-01", due: "2026-10-01", amount: 1000 }),
        invoice("C2", "G1", { issue: "2026-10-10", due: "2026-11-09", amount: 100 }),
      ],
      payments: [
        payment("C1", "F1", "2026-10-05", 400), payment("C1", "F999", "2026-10-06", 250),
        payment("C1", null, "2026-10-07", 100), payment("C1", null, "2026-11-05", 50),
        payment("C2", "F1", "2026-10-08", 300),
      ],
    }), OPT);
    expect(unallocated(result, "C1")).toBe(35000); // 250 + 100
    expect(unallocated(result, "C2")).toBe(30000);
    expect(rowOf(result, "C1").open_balance).toBe(60000); // 1000 − 400; unallocated cash does not reduce open_balance
    expect(rowOf(result, "C2").open_balance).toBe(10000);
  });

  it("documents mode: only payments with invoice_id null are unallocated credit", () => {
    // 400 naming F1: ignored; 100 unallocated on 10-07: counted; 70 unallocated on 11-02: after D
    const result = computeMetrics(ledger({
      customers: [customer("C1")],
      documents: [invoice("C1", "F1", { issue: "2026-09-01", due: "2026-10-01", amount: 1000 })],
      payments: [payment("C1", "F1", "2026-10-05", 400), payment("C1", null, "2026-10-07", 100), payment("C1", null, "2026-11-02", 70)],
      settlement: "documents",
    }), OPT);
    expect(unallocated(result, "C1")).toBe(10000);
    expect(rowOf(result, "C1").open_balance).toBe(100000);
  });

  it("an overpayment on a known invoice is not unallocated credit (it is a negative open amount)", () => {
    const result = computeMetrics(ledger({
      customers: [customer("C1")],
      documents: [invoice("C1", "F1", { issue: "2026-09-01", due: "2026-10-01", amount: 500 })],
      payments: [payment("C1", "F1", "2026-09-20", 600)],
    }), OPT);
    expect(unallocated(result, "C1")).toBe(0);
  });
});

describe("computeMetrics: disputes, tenure, credit limit, dso", () => {
  it("dispute_count: disputed invoices open at D or issued in the window", () => {
    const r = rowOf(computeMetrics(ledger({
      customers: [customer("C1")],
      documents: [
        invoice("C1", "Da", { issue: "2025-06-01", amount: 100, disputed: true }), //                       open → 1
        invoice("C1", "Db", { issue: "2026-03-01", amount: 100, paid: "2026-04-01", disputed: true }), //  issued in window → 1
        invoice("C1", "Dc", { issue: "2025-06-01", amount: 100, paid: "2025-12-01", disputed: true }), //  before window, closed → 0
        creditNote("C1", "Dd", { issue: "2026-05-01", amount: 100, disputed: true }), //                  credit note → 0
        invoice("C1", "De", { issue: "2026-11-05", amount: 100, disputed: true }), //                       after D → 0
        invoice("C1", "Df", { issue: "2026-09-01", amount: 100, disputed: true }), //                       open and in window → 1 (once)
        invoice("C1", "Dg", { issue: "2026-09-01", amount: 100 }), //                                        not disputed → 0
        invoice("C1", "Dh", { issue: "2025-10-31", amount: 100, paid: "2025-11-15", disputed: true }), //  issued on D−L (out), closed → 0
        invoice("C1", "Di", { issue: "2025-01-01", amount: 100, paid: "2026-11-10", disputed: true }), //  before window, open at D → 1
      ],
    }), OPT), "C1");
    expect(r.dispute_count).toBe(4);
  });

  it("tenure_days: earlier of created_date and first document; per currency; customers without documents", () => {
    const result = computeMetrics(ledger({
      customers: [
        customer("EARLY", { created_date: "2024-01-01" }), //   first doc 2026-01-01 → D − 2024-01-01 = 1034
        customer("LATE", { created_date: "2026-06-01" }), //    first doc 2026-01-01 → D − 2026-01-01 = 303
        customer("NONE"), //                                     first doc 2026-06-01 (one after D ignored) → 152
        customer("TWO", { created_date: "2026-03-01" }), //      EUR first 2026-01-01 → 303; USD first 2026-06-01 → D − 2026-03-01 = 244
        customer("NODOC", { created_date: "2026-10-01" }), //    no document → row "", 30
        customer("BARE"), //                                     no document, no created_date → row "", null
        customer("FUTURE", { created_date: "2026-11-05" }), //  created after D, no document → no row
        customer("FUTDOC", { created_date: "2026-11-05" }), //  created after D, only a document after D → no row
        customer("LATEDOC", { created_date: "2026-11-05" }), // created after D, document 2026-10-01 → D − 2026-10-01 = 30
        customer("ONLYLATE"), //                                 no created_date, only a document after D → row "", null
      ],
      documents: [
        invoice("EARLY", "E1", { issue: "2026-01-01", amount: 10 }),
        invoice("LATE", "L1", { issue: "2026-01-01", amount: 10 }),
        invoice("NONE", "N0", { issue: "2026-11-01", amount: 10 }),
        invoice("NONE", "N1", { issue: "2026-06-01", amount: 10 }),
        invoice("TWO", "T1", { issue: "2026-01-01", amount: 10 }),
        invoice("TWO", "T2", { issue: "2026-06-01", amount: 10, currency: "USD" }),
        invoice("FUTDOC", "X1", { issue: "2026-11-06", amount: 10 }),
        invoice("LATEDOC", "Y1", { issue: "2026-10-01", amount: 10 }),
        invoice("ONLYLATE", "Z1", { issue: "2026-11-06", amount: 10 }),
      ],
    }), OPT);
    expect(result.rows.map((r) => [r.customer_id, r.currency, r.tenure_days])).toEqual([
      ["BARE", "", null],
      ["EARLY", "EUR", 1034],
      ["LATE", "EUR", 303],
      ["LATEDOC", "EUR", 30],
      ["NODOC", "", 30],
      ["NONE", "EUR", 152],
      ["ONLYLATE", "", null],
      ["TWO", "EUR", 303],
      ["TWO", "USD", 244],
    ]);
  });

  it("a customer with no document: one row with currency \"\", zeros and nulls", () => {
    const r = rowOf(computeMetrics(ledger({ customers: [customer("N", { created_date: "2026-10-01", credit_limit: 1000 })] }), OPT), "N", "");
    // credit_limit_use = 0 / 1000 = 0 (a limit is set); dso null (revenue 0)
    expect(r).toEqual(emptyRow("N", "", { tenure_days: 30, credit_limit_use: 0 }));
  });

  it("credit_limit_use: open_balance / limit; null without a limit or with a 0 limit", () => {
    const docs = ["L1", "L0", "LN"].map((c) => invoice(c, "F", { issue: "2026-10-10", due: "2026-11-09", amount: 1000 }));
    const result = computeMetrics(ledger({
      customers: [customer("L1", { credit_limit: 5000 }), customer("L0", { credit_limit: 0 }), customer("LN")],
      documents: docs,
    }), OPT);
    expect(rowOf(result, "L1").credit_limit_use).toBe(0.2); // 1000 / 5000
    expect(rowOf(result, "L0").credit_limit_use).toBeNull();
    expect(rowOf(result, "LN").credit_limit_use).toBeNull();
  });

  it("dso: open / revenue × L; null when revenue is 0 or negative", () => {
    const result = computeMetrics(ledger({
      customers: [customer("OLD"), customer("NEG"), customer("POS")],
      documents: [
        invoice("OLD", "F", { issue: "2025-01-01", amount: 100 }), //                    revenue 0 (issued before window), open 100 → null
        invoice("NEG", "F", { issue: "2026-10-01", amount: 100 }),
        creditNote("NEG", "A", { issue: "2026-10-02", amount: 150 }), //                 revenue −50 → null
        invoice("POS", "F", { issue: "2026-06-01", amount: 400 }),
        invoice("POS", "G", { issue: "2026-09-01", amount: 600, paid: "2026-09-30" }), // open 400, revenue 1000 → 400/1000 × 365 = 146
      ],
    }), OPT);
    expect(rowOf(result, "OLD")).toMatchObject({ revenue: 0, dso: null, open_balance: 10000 });
    expect(rowOf(result, "NEG")).toMatchObject({ revenue: -5000, dso: null });
    expect(rowOf(result, "POS").dso).toBeCloseTo(146, 9);
  });
});

describe("computeMetrics: rows", () => {
  it("two currencies → two rows, each on its own documents; rows sorted by customer then currency", () => {
    // A/EUR: F1 1000 € issued 2026-01-01 due 01-31 paid 02-10 → P 1 (to_pay 40, late 10), open 0, tenure 303, dso 0
    // A/USD: U1 500 $ issued 2026-06-01 due 07-01 open → D−due 122 → 90+, tenure 152, dso 500/500 × 365 = 365
    // B: no document → B/""
    const result = computeMetrics(ledger({
      customers: [customer("B"), customer("A")],
      documents: [
        invoice("A", "U1", { issue: "2026-06-01", due: "2026-07-01", amount: 500, currency: "USD" }),
        invoice("A", "F1", { issue: "2026-01-01", due: "2026-01-31", amount: 1000, paid: "2026-02-10" }),
      ],
    }), OPT);
    expect(result.rows.map((r) => [r.customer_id, r.currency])).toEqual([["A", "EUR"], ["A", "USD"], ["B", ""]]);
    expect(rowOf(result, "A", "EUR")).toEqual(emptyRow("A", "EUR", {
      paid_count: 1, avg_days_to_pay: 40, avg_days_late: 10, wavg_days_late: 10, on_time_rate: 0, trend_days_late: null,
      revenue: 100000, tenure_days: 303, dso: 0,
    }));
    expect(rowOf(result, "A", "USD")).toEqual(emptyRow("A", "USD", {
      open_balance: 50000, overdue_balance: 50000, open_count: 1, overdue_count: 1, max_days_past_due: 122, aging_90_plus: 50000,
      revenue: 50000, tenure_days: 152, dso: 365,
    }));
    expect(rowOf(result, "B", "")).toEqual(emptyRow("B", ""));
  });
});

describe("computeMetrics: many customers, several currencies each", () => {
  it("each (customer, currency) row sums its own documents only, past the first thousand rows", () => {
    const n = 1500;
    const currencies = ["EUR", "USD", "GBP"];
    const customers = Array.from({ length: n }, (_, i) => customer(`C${String(i).padStart(5, "0")}`));
    const documents = customers.flatMap((c, i) => {
      const mine = currencies.slice(0, 1 + (i % 3)); // 1, 2 or 3 currencies
      // interleaved: a customer's currencies come in turn, not together
      return [0, 1].flatMap((k) => mine.map((currency, j) => invoice(c.customer_id, `F${k}${j}`, { issue: "2026-09-01", due: "2026-09-30", amount: 100 + i + 10 * j + k, currency })));
    });
    const result = computeMetrics(ledger({ customers, documents }), OPT);
    expect(result.rows.length).toBe(customers.reduce((sum, _, i) => sum + 1 + (i % 3), 0));
    for (const [i, c] of customers.entries()) {
      for (const [j, currency] of currencies.slice(0, 1 + (i % 3)).entries()) {
        const row = result.rows.find((r) => r.customer_id === c.customer_id && r.currency === currency)!;
        expect(row.open_balance, `${c.customer_id} ${currency}`).toBe((2 * (100 + i + 10 * j) + 1) * 100);
        expect(row.open_count).toBe(2);
      }
    }
    // the documents summed by currency, whichever currency came before
    const sums = new Map<string, { documents: number; amount: number }>();
    for (const doc of documents) {
      const s = sums.get(doc.currency) ?? { documents: 0, amount: 0 };
      s.documents++;
      s.amount += doc.amount;
      sums.set(doc.currency, s);
    }
    expect([...result.documentTotals].map(([c, t]) => [c, t.documents, t.amount, t.open])).toEqual([...sums].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([c, s]) => [c, s.documents, s.amount, s.amount]));
  });
});

