import { describe, expect, it } from "vitest";
import { DocumentKeys } from "../../../src/ledger/document-keys.js";
import { PaymentsByDocument } from "../../../src/ledger/payments-by-document.js";
import type { Payment } from "../../../src/ledger/types.js";

const pay = (customer: string, invoice: string | null, date: number, amount: number, line: number, currency = "EUR"): Payment => ({
  customer_id: customer, invoice_id: invoice, date, amount, currency, source: { file: "payments.csv", line },
});

describe("PaymentsByDocument", () => {
  it("gives a document its payments as a schedule: same-day payments summed, days ascending, running totals", () => {
    const store = new PaymentsByDocument();
    store.add(pay("C1", "F1", 20_010, 30_00, 2));
    store.add(pay("C1", "F2", 20_003, 5_00, 3));
    store.add(pay("C1", "F1", 20_001, 50_00, 4));
    store.add(pay("C1", "F1", 20_010, 20_00, 5));
    expect(store.claim("C1", "F1")).toEqual({ days: [20_001, 20_010], totals: [50_00, 100_00] });
    expect(store.claim("C1", "F2")).toEqual({ days: [20_003], totals: [5_00] });
    expect(store.claim("C2", "F1")).toBeNull();
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
    expect(store.claim("C1", "F0")).toBeNull();
    expect(store.records(() => true).map((p) => p.invoice_id)).toEqual(["F1"]);
    store.add(pay("C1", "F0", 20_002, 3_00, 3));
    expect(store.claim("C1", "F0")).toEqual({ days: [20_002], totals: [3_00] });
  });
});
