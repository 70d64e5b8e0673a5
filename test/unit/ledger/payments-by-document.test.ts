import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DocumentKeys } from "../../../src/ledger/document-keys.js";
import { PaymentsByDocument, type PaymentSchedule } from "../../../src/ledger/payments-by-document.js";
import type { Payment } from "../../../src/ledger/types.js";

const pay = (customer: string, invoice: string | null, date: number, amount: number, line: number, currency = "EUR"): Payment => ({
  customer_id: customer, invoice_id: invoice, date, amount, currency, source: { file: "payments.csv", line },
});

/** A schedule as plain arrays of its `count` days (the store rewrites one record for each claim). */
function plain(s: PaymentSchedule | null): { days: number[]; totals: number[] } | null {
  return s && { days: [...s.days.subarray(0, s.count)], totals: [...s.totals.subarray(0, s.count)] };
}

describe("PaymentsByDocument", () => {
  it("gives a document its payments as a schedule: same-day payments summed, days ascending, running totals", () => {
    const store = new PaymentsByDocument();
    store.add(pay("C1", "F1", 20_010, 30_00, 2));
    store.add(pay("C1", "F2", 20_003, 5_00, 3));
    store.add(pay("C1", "F1", 20_001, 50_00, 4));
    store.add(pay("C1", "F1", 20_010, 20_00, 5));
    expect(plain(store.claim("C1", "F1"))).toEqual({ days: [20_001, 20_010], totals: [50_00, 100_00] });
    expect(plain(store.claim("C1", "F2"))).toEqual({ days: [20_003], totals: [5_00] });
    expect(plain(store.claim("C2", "F1"))).toBeNull();
  });

  it("agrees with a plain list of payments through its growth and room reserved at any point (thousands of payments, hundreds of documents)", () => {
    const payment = fc.record({ customer: fc.constantFrom("C1", "C2", "C3"), invoice: fc.nat(700), date: fc.integer({ min: 20_000, max: 20_060 }), amount: fc.integer({ min: -5_000_00, max: 5_000_00 }), currency: fc.constantFrom("EUR", "USD") });
    fc.assert(
      fc.property(fc.array(payment, { minLength: 1100, maxLength: 3000 }), fc.array(fc.tuple(fc.nat(3000), fc.nat(5000)), { maxLength: 3 }), fc.array(fc.nat(700), { maxLength: 40 }), (list, reserves, claims) => {
        const store = new PaymentsByDocument();
        const all = list.map((p, i) => pay(p.customer, `F${p.invoice}`, p.date, p.amount, i + 2, p.currency));
        all.forEach((p, i) => {
          for (const [at, count] of reserves) if (at === i) store.reserve(count);
          store.add(p);
        });
        const claimed = new Set<string>();
        for (const n of claims) {
          for (const customer of ["C1", "C2", "C3"]) {
            const mine = all.filter((p) => p.customer_id === customer && p.invoice_id === `F${n}`).sort((a, b) => a.date - b.date);
            const days: number[] = [];
            const totals: number[] = [];
            let total = 0;
            for (const p of mine) {
              total += p.amount;
              if (days.at(-1) === p.date) totals[totals.length - 1] = total;
              else (days.push(p.date), totals.push(total));
            }
            expect(plain(store.claim(customer, `F${n}`))).toEqual(mine.length === 0 ? null : { days, totals });
            if (mine.length > 0) claimed.add(`${customer}|F${n}`);
          }
        }
        expect(store.unclaimed()).toEqual(all.filter((p) => !claimed.has(`${p.customer_id}|${p.invoice_id}`)));
      }),
      { numRuns: 60 },
    );
  });

  it("keeps payments naming no invoice apart, and lists the unclaimed ones in the order read", () => {
    const store = new PaymentsByDocument();
    store.add(pay("C1", "F1", 20_001, 10_00, 2));
    store.add(pay("C1", null, 20_002, 7_00, 3));
    store.add(pay("C2", "F9", 20_003, 4_00, 4, "USD"));
    store.add(pay("C1", "F1", 20_004, 1_00, 5));
    store.add(pay("C3", "F3", 20_005, 2_00, 6));
    store.claim("C2", "F9");
    expect(store.noInvoice.map((p) => p.source.line)).toEqual([3]);
    expect(store.unclaimed()).toEqual([pay("C1", "F1", 20_001, 10_00, 2), pay("C1", "F1", 20_004, 1_00, 5), pay("C3", "F3", 20_005, 2_00, 6)]);
  });

  it("shares the ledger's keys: a name a document added first has no payments until one comes", () => {
    const keys = new DocumentKeys();
    const store = new PaymentsByDocument(keys);
    keys.add("C1", "F0");
    store.add(pay("C1", "F1", 20_001, 10_00, 2));
    expect(plain(store.claim("C1", "F0"))).toBeNull();
    expect(store.records(() => true).map((p) => p.invoice_id)).toEqual(["F1"]);
    store.add(pay("C1", "F0", 20_002, 3_00, 3));
    expect(plain(store.claim("C1", "F0"))).toEqual({ days: [20_002], totals: [3_00] });
  });
});
