/**
 * Portfolio KPIs, hand-checked against /work/shared/spec/metrics.md ("Portfolio and per-segment KPIs").
 * D = 2026-10-31, D−30 = 2026-10-01, L = 365.
 */
import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../../src/metrics/compute-metrics.js";
import { portfolioKpis } from "../../../src/metrics/portfolio.js";
import { rowKey, type CustomerMetrics, type PortfolioKpis } from "../../../src/metrics/types.js";
import { creditNote, customer, invoice, ledger, options, payment } from "../../helpers/ledger-builder.js";

const D = "2026-10-31";
const OPT = options(D);

function expectKpis(actual: PortfolioKpis | undefined, expected: PortfolioKpis): void {
  expect(actual).toBeDefined();
  for (const [field, value] of Object.entries(expected)) {
    const got = actual![field as keyof PortfolioKpis];
    if (typeof value === "number" && !Number.isInteger(value)) expect(got, field).toBeCloseTo(value, 9);
    else expect(got, field).toBe(value);
  }
}

describe("portfolioKpis: the CEI example, step by step (documents mode)", () => {
  // C1:
  //   A  issued 2026-08-01 due 08-31 1000 € paid 2026-10-10 → open at end of D−30 (10-01): 1000 (paid after); at D: 0
  //   B  issued 2026-09-01 due 10-01  500 € open           → at D−30: 500; at D: 500, D−due 30 → overdue (1–30)
  //   C  issued 2026-09-15 due 10-15  800 € paid 2026-10-01 → at end of D−30: 0 (paid that day); at D: 0
  //   H  issued 2026-10-01 due 10-31  200 € open           → issued on D−30: in receivables at D−30 (200), not "invoiced in (D−30, D]"; at D: 200, due = D → not due
  //   E  issued 2026-10-05 due 11-04  600 € open           → invoiced in (D−30, D]; at D: 600 not due
  //   G  issued 2026-10-20 due 11-19  300 € paid 2026-10-25 → invoiced in (D−30, D]; at D: 0
  //   CN credit note issued 2026-10-10 due 10-10 −100 € open → invoiced in (D−30, D] (nets it); at D: −100 (1–30)
  // C2:
  //   K  issued 2026-06-01 due 07-01 400 € paid 2026-10-20 → at D−30: 400; at D: 0
  //
  // C1: receivables at D−30 = 1000 + 500 + 0 + 200 = 1700;  invoiced = 600 + 300 − 100 = 800
  //     receivables at D = open_balance = 500 + 200 + 600 − 100 = 1200;  not yet due at D = 200 + 600 = 800
  //     revenue = 1000 + 500 + 800 + 200 + 600 + 300 − 100 = 3300;  overdue_balance = 500
  // C2: receivables at D−30 = 400;  invoiced 0;  open 0;  not due 0;  revenue 400;  overdue 0
  // Portfolio: before 2100, invoiced 800, at D 1200, not due 800
  //   CEI = (2100 + 800 − 1200) / (2100 + 800 − 800) × 100 = 1700 / 2100 × 100 = 80.952…
  //   dso = 1200 / 3700 × 365;  best = 800 / 3700 × 365;  add = 400 / 3700 × 365;  overdue_share = 500 / 1200
  const l = ledger({
    customers: [customer("C2"), customer("C1")], // not in id order: the rows are sorted, each one's CEI inputs must follow it
    documents: [
      invoice("C1", "A", { issue: "2026-08-01", due: "2026-08-31", amount: 1000, paid: "2026-10-10" }),
      invoice("C1", "B", { issue: "2026-09-01", due: "2026-10-01", amount: 500 }),
      invoice("C1", "C", { issue: "2026-09-15", due: "2026-10-15", amount: 800, paid: "2026-10-01" }),
      invoice("C1", "H", { issue: "2026-10-01", due: "2026-10-31", amount: 200 }),
      invoice("C1", "E", { issue: "2026-10-05", due: "2026-11-04", amount: 600 }),
      invoice("C1", "G", { issue: "2026-10-20", due: "2026-11-19", amount: 300, paid: "2026-10-25" }),
      creditNote("C1", "CN", { issue: "2026-10-10", due: "2026-10-10", amount: 100 }),
      invoice("C2", "K", { issue: "2026-06-01", due: "2026-07-01", amount: 400, paid: "2026-10-20" }),
    ],
  });
  const result = computeMetrics(l, OPT);
  const rowsOf = (...ids: string[]): CustomerMetrics[] => result.rows.filter((r) => ids.includes(r.customer_id));

  it("row inputs", () => {
    expect(result.settlementDatesKnown).toBe(true);
    expect(result.ceiInputs.get(rowKey("C1", "EUR"))).toEqual({ receivablesBefore: 170000, invoicedRecently: 80000 });
    expect(result.ceiInputs.get(rowKey("C2", "EUR"))).toEqual({ receivablesBefore: 40000, invoicedRecently: 0 });
    expect(rowsOf("C1")[0]).toMatchObject({ open_balance: 120000, aging_not_due: 80000, overdue_balance: 50000, revenue: 330000 });
    expect(rowsOf("C2")[0]).toMatchObject({ open_balance: 0, aging_not_due: 0, overdue_balance: 0, revenue: 40000 });
  });

  it("over all customers", () => {
    const kpis = portfolioKpis(result.rows, result, OPT);
    expect(kpis).toHaveLength(1);
    expectKpis(kpis[0], {
      currency: "EUR", customers: 2, open_balance: 120000, overdue_balance: 50000, revenue: 370000,
      dso: (1200 / 3700) * 365, best_possible_dso: (800 / 3700) * 365, add: (400 / 3700) * 365,
      overdue_share: 500 / 1200, cei: (1700 / 2100) * 100,
    });
    expect(result.portfolio).toEqual(kpis);
  });

  it("over a segment: only its customers' rows", () => {
    // C1 alone: CEI = (1700 + 800 − 1200) / (1700 + 800 − 800) × 100 = 1300 / 1700 × 100 = 76.47…
    expectKpis(portfolioKpis(rowsOf("C1"), result, OPT)[0], {
      currency: "EUR", customers: 1, open_balance: 120000, overdue_balance: 50000, revenue: 330000,
      dso: (1200 / 3300) * 365, best_possible_dso: (800 / 3300) * 365, add: (400 / 3300) * 365,
      overdue_share: 500 / 1200, cei: (1300 / 1700) * 100,
    });
    // C2 alone: CEI = (400 + 0 − 0) / (400 + 0 − 0) × 100 = 100; dso 0 / 400 × 365 = 0; overdue_share null (Σ open = 0)
    expectKpis(portfolioKpis(rowsOf("C2"), result, OPT)[0], {
      currency: "EUR", customers: 1, open_balance: 0, overdue_balance: 0, revenue: 40000,
      dso: 0, best_possible_dso: 0, add: 0, overdue_share: null, cei: 100,
    });
  });
});

describe("portfolioKpis: payments mode CEI", () => {
  it("receivables at D−30 use payments dated ≤ D−30", () => {
    // A 1000 € issued 09-01 due 10-01: paid 400 on 09-25 and 300 on 10-15 → open at D−30 600, at D 300 (overdue)
    // B 500 € issued 10-10 due 11-09: paid 500 on 10-20 → invoiced in (D−30, D], open 0 at D
    // CEI = (600 + 500 − 300) / (600 + 500 − 0) × 100 = 800 / 1100 × 100 = 72.72…
    // dso = 300 / 1500 × 365 = 73; best 0; add 73; overdue_share 300 / 300 = 1
    const result = computeMetrics(ledger({
      customers: [customer("C1")],
      documents: [
        invoice("C1", "A", { issue: "2026-09-01", due: "2026-10-01", amount: 1000 }),
        invoice("C1", "B", { issue: "2026-10-10", due: "2026-11-09", amount: 500 }),
      ],
      payments: [payment("C1", "A", "2026-09-25", 400), payment("C1", "A", "2026-10-15", 300), payment("C1", "B", "2026-10-20", 500)],
    }), OPT);
    expect(result.ceiInputs.get(rowKey("C1", "EUR"))).toEqual({ receivablesBefore: 60000, invoicedRecently: 50000 });
    expectKpis(portfolioKpis(result.rows, result, OPT)[0], {
      currency: "EUR", customers: 1, open_balance: 30000, overdue_balance: 30000, revenue: 150000,
      dso: 73, best_possible_dso: 0, add: 73, overdue_share: 1, cei: (800 / 1100) * 100,
    });
  });

  it("a payments file with no payments still gives known settlement dates (CEI 0 when nothing was collected)", () => {
    // A 1000 € issued 09-01 due 10-01, unpaid: before 1000, invoiced 0, at D 1000, not due 0 → (1000 − 1000) / 1000 = 0
    const result = computeMetrics(ledger({
      customers: [customer("C1")],
      documents: [invoice("C1", "A", { issue: "2026-09-01", due: "2026-10-01", amount: 1000 })],
      payments: [],
    }), OPT);
    expect(result.settlementDatesKnown).toBe(true);
    expect(portfolioKpis(result.rows, result, OPT)[0]?.cei).toBe(0);
  });
});

describe("portfolioKpis: per currency and nulls", () => {
  it("one KPI set per currency, sorted, never mixed", () => {
    // EUR: C1 P 400 € issued 09-01 paid 10-15 (at D−30: 400), F 1000 € issued 10-10 due 11-09 open
    //   open 1000, not due 1000, revenue 1400 → dso = best = 1000/1400 × 365, add 0, overdue_share 0
    //   CEI = (400 + 1000 − 1000) / (400 + 1000 − 1000) × 100 = 100
    // USD: C1 U 300 $ issued 06-01 due 07-01 open; C2 V 200 $ issued 09-01 due 10-01 open
    //   open 500, overdue 500, not due 0, revenue 500 → dso 365, best 0, add 365, share 1
    //   CEI = (500 + 0 − 500) / (500 + 0 − 0) × 100 = 0
    const result = computeMetrics(ledger({
      customers: [customer("C1"), customer("C2")],
      documents: [
        invoice("C2", "V", { issue: "2026-09-01", due: "2026-10-01", amount: 200, currency: "USD" }),
        invoice("C1", "U", { issue: "2026-06-01", due: "2026-07-01", amount: 300, currency: "USD" }),
        invoice("C1", "F", { issue: "2026-10-10", due: "2026-11-09", amount: 1000 }),
        invoice("C1", "P", { issue: "2026-09-01", due: "2026-10-01", amount: 400, paid: "2026-10-15" }),
      ],
    }), OPT);
    const kpis = portfolioKpis(result.rows, result, OPT);
    expect(kpis.map((k) => k.currency)).toEqual(["EUR", "USD"]);
    expectKpis(kpis[0], {
      currency: "EUR", customers: 1, open_balance: 100000, overdue_balance: 0, revenue: 140000,
      dso: (1000 / 1400) * 365, best_possible_dso: (1000 / 1400) * 365, add: 0, overdue_share: 0, cei: 100,
    });
    expectKpis(kpis[1], {
      currency: "USD", customers: 2, open_balance: 50000, overdue_balance: 50000, revenue: 50000,
      dso: 365, best_possible_dso: 0, add: 365, overdue_share: 1, cei: 0,
    });
  });

  it("sums revenue over the rows even when one row's revenue is negative", () => {
    // A: 1000 € issued 10-10 due 11-09, open_amount 500 → open 500 (not due), revenue 1000
    // B: credit note −200 € issued 10-15 due 10-15 open → open −200 (1–30), revenue −200 (its own dso is null)
    // Σ open 300, Σ revenue 800, Σ not due 500:
    //   dso = 300/800 × 365 = 136.875; best = 500/800 × 365 = 228.125; add = −91.25; overdue_share = 0/300 = 0
    const result = computeMetrics(ledger({
      customers: [customer("A"), customer("B")],
      documents: [
        invoice("A", "F", { issue: "2026-10-10", due: "2026-11-09", amount: 1000, open: 500 }),
        creditNote("B", "CN", { issue: "2026-10-15", due: "2026-10-15", amount: 200 }),
      ],
    }), OPT);
    const k = portfolioKpis(result.rows, result, OPT)[0];
    expect(k?.dso).toBeCloseTo(136.875, 9);
    expect(k?.best_possible_dso).toBeCloseTo(228.125, 9);
    expect(k?.add).toBeCloseTo(-91.25, 9);
    expect(k?.overdue_share).toBe(0);
    // B alone: Σ revenue −200 ≤ 0 → dso, best_possible_dso, add null
    const b = portfolioKpis(result.rows.filter((r) => r.customer_id === "B"), result, OPT)[0];
    expect(b).toMatchObject({ dso: null, best_possible_dso: null, add: null });
  });

  it("dso family null when Σ revenue is 0; overdue_share null when Σ open is 0", () => {
    // F issued 2025-01-01 (before the window), open → revenue 0
    const r1 = computeMetrics(ledger({
      customers: [customer("C1")],
      documents: [invoice("C1", "F", { issue: "2025-01-01", amount: 100, paid: "2026-10-20" })],
    }), OPT);
    const k1 = portfolioKpis(r1.rows, r1, OPT)[0];
    expect(k1).toMatchObject({ revenue: 0, open_balance: 0, dso: null, best_possible_dso: null, add: null, overdue_share: null });
  });

  it("CEI null without settlement dates (documents mode, no paid date anywhere)", () => {
    const result = computeMetrics(ledger({
      customers: [customer("C1")],
      documents: [invoice("C1", "A", { issue: "2026-09-01", due: "2026-10-01", amount: 1000 })],
    }), OPT);
    expect(result.settlementDatesKnown).toBe(false);
    const k = portfolioKpis(result.rows, result, OPT)[0];
    expect(k?.cei).toBeNull();
    expect(k?.dso).toBe(365); // the rest is still computed: 1000 / 1000 × 365
  });

  it("CEI null when its denominator is 0", () => {
    // only an invoice issued and paid long before D−30: before 0, invoiced 0, not due 0 → 0 / 0
    const result = computeMetrics(ledger({
      customers: [customer("C1")],
      documents: [invoice("C1", "A", { issue: "2026-01-01", due: "2026-01-31", amount: 1000, paid: "2026-02-01" })],
    }), OPT);
    expect(result.settlementDatesKnown).toBe(true);
    expect(portfolioKpis(result.rows, result, OPT)[0]?.cei).toBeNull();
  });
});
