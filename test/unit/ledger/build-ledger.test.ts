import { describe, expect, it } from "vitest";
import { buildLedger, DEFAULT_TERMS_DAYS, type LedgerInput } from "../../../src/ledger/build-ledger.js";
import { parseIsoDay, type Day } from "../../../src/ledger/day.js";
import type { Customer, SourceSummary } from "../../../src/ledger/types.js";
import type { DocumentRow, PaymentRow } from "../../../src/ingest/rows/to-documents.js";

const d = (iso: string): Day => {
  const day = parseIsoDay(iso);
  if (day === null) throw new Error(`bad test date ${iso}`);
  return day;
};

const CUSTOMERS_FILE = "clients.csv";
const DOCS_FILE = "factures.csv";
const PAY_FILE = "payments.csv";

function customer(id: string, line: number, extra: Partial<Customer> = {}): Customer {
  return {
    customer_id: id, name: `Name ${id}`, language: "fr", email: null, phone: null, country: "FR", sector: null, owner: null,
    credit_limit: null, credit_score: null, payment_terms_days: 45, created_date: null, invoicing: null, extra: {},
    source: { file: CUSTOMERS_FILE, line }, ...extra,
  };
}

function doc(customerId: string, invoiceId: string, line: number, extra: Partial<DocumentRow> = {}): DocumentRow {
  return {
    customer_id: customerId, customer_name: null, invoice_id: invoiceId, kind: "invoice",
    issue_date: d("2026-09-01"), due_date: d("2026-10-01"), due_date_estimated: false,
    amount: 100_00, open_amount: 100_00, paid_date: null, disputed: false, currency: "EUR", reference: null,
    source: { file: DOCS_FILE, line }, ...extra,
  };
}

function payment(customerId: string | null, invoiceId: string | null, line: number, extra: Partial<PaymentRow> = {}): PaymentRow {
  return { customer_id: customerId, customer_name: null, invoice_id: invoiceId, date: d("2026-10-05"), amount: 40_00, currency: "EUR", source: { file: PAY_FILE, line }, ...extra };
}

function summary(file: string, role: SourceSummary["role"], read: number): SourceSummary {
  return { file, role, rows_read: read, rows_used: read, rows_rejected: 0, rows_skipped: 0 };
}

function input(parts: Partial<LedgerInput>): LedgerInput {
  return { customers: null, documents: [], payments: [], rejected: [], warnings: [], sources: [], ...parts };
}

const codes = (ws: { code: string }[]) => ws.map((w) => w.code);

describe("buildLedger: duplicate documents", () => {
  it("an exact duplicate is merged once, with a duplicate-merged warning, and stays counted as used", () => {
    const ledger = buildLedger(input({
      documents: [doc("C001", "F1", 2), doc("C001", "F1", 7, { customer_name: "Another spelling" })],
      sources: [summary(DOCS_FILE, "invoices", 2)],
    }));
    expect(ledger.documents.length).toBe(1);
    expect(ledger.documents[0]!.source).toEqual({ file: DOCS_FILE, line: 2 });
    expect(ledger.warnings).toEqual([
      { code: "duplicate-merged", file: DOCS_FILE, line: 7, column: null, message: "document F1 of C001 repeated (same as line 2); counted once" },
    ]);
    expect(ledger.rejected).toEqual([]);
    expect(ledger.sources).toEqual([summary(DOCS_FILE, "invoices", 2)]);
  });

  it("the same invoice number with a different amount is rejected, naming the first line", () => {
    const ledger = buildLedger(input({
      documents: [doc("C001", "F1", 2), doc("C001", "F1", 9, { amount: 120_00, open_amount: 120_00 })],
      sources: [summary(DOCS_FILE, "invoices", 2)],
    }));
    expect(ledger.documents.map((x) => [x.invoice_id, x.amount])).toEqual([["F1", 100_00]]);
    expect(ledger.rejected).toEqual([
      { file: DOCS_FILE, line: 9, column: null, value: "F1", reason: "duplicate invoice number F1 for customer C001 with different content (first at factures.csv:2)" },
    ]);
    expect(ledger.sources[0]).toEqual({ file: DOCS_FILE, role: "invoices", rows_read: 2, rows_used: 1, rows_rejected: 1, rows_skipped: 0 });
  });

  it("amounts that differ only beyond 32 bits (2^32 cents apart) are different content, negative ones too", () => {
    for (const [a, b] of [[5, 2 ** 32 + 5], [-5, -5 - 2 ** 32], [2 ** 31, 2 ** 31 + 2 ** 32]]) {
      const ledger = buildLedger(input({
        documents: [doc("C001", "F1", 2, { amount: a, open_amount: a }), doc("C001", "F1", 9, { amount: b, open_amount: b })],
        sources: [summary(DOCS_FILE, "invoices", 2)],
      }));
      expect(ledger.rejected.map((r) => r.reason)).toEqual([expect.stringMatching(/^duplicate invoice number F1 for customer C001 with different content/)]);
    }
  });

  it("documents that differ in any one thing they say are different content, each from each; the same one is merged", () => {
    const variants: Partial<DocumentRow>[] = [
      {}, { kind: "credit_note", amount: -100_00, open_amount: -100_00 }, { disputed: true }, { due_date: null }, { due_date: null, disputed: true },
      { issue_date: d("2026-09-02") }, { due_date: d("2026-10-02") }, { amount: 100_01 }, { open_amount: 0 }, { open_amount: null }, { paid_date: d("2026-09-20") },
      { currency: "USD" }, { currency: "EU" }, { currency: "EURO" }, { currency: "" }, { currency: "\u20ac" }, { currency: "EU\u0100" },
      { reference: "" }, { reference: "F0" }, { reference: "F00" }, { reference: "F000" }, { reference: "\u00e9t\u00e9" },
      { reference: "R".repeat(100) }, { reference: "R".repeat(99) + "S" }, // longer than the values a fingerprint starts with room for
    ];
    for (const [i, a] of variants.entries()) {
      for (const [j, b] of variants.entries()) {
        const ledger = buildLedger(input({ documents: [doc("C001", "F1", 2, a), doc("C001", "F1", 9, b)], sources: [summary(DOCS_FILE, "invoices", 2)] }));
        expect(ledger.rejected.length, `${JSON.stringify(a)} then ${JSON.stringify(b)}`).toBe(i === j ? 0 : 1);
        expect(codes(ledger.warnings).includes("duplicate-merged"), `${JSON.stringify(a)} then ${JSON.stringify(b)}`).toBe(i === j);
      }
    }
  });

  it("the same invoice number for two customers is two documents", () => {
    const ledger = buildLedger(input({ documents: [doc("C001", "F1", 2), doc("C002", "F1", 3)] }));
    expect(ledger.documents.map((x) => x.customer_id)).toEqual(["C001", "C002"]);
    expect(ledger.warnings).toEqual([]);
  });
});

describe("buildLedger: customers", () => {
  it("with a customers file, a document of an unknown customer is rejected", () => {
    const ledger = buildLedger(input({
      customers: [customer("C001", 2)],
      documents: [doc("C001", "F1", 2), doc("C999", "F2", 3)],
      sources: [summary(CUSTOMERS_FILE, "customers", 1), summary(DOCS_FILE, "invoices", 2)],
    }));
    expect(ledger.documents.map((x) => x.invoice_id)).toEqual(["F1"]);
    expect(ledger.customers.map((c) => c.customer_id)).toEqual(["C001"]);
    expect(ledger.rejected).toEqual([
      { file: DOCS_FILE, line: 3, column: null, value: "C999", reason: "unknown customer C999: the customers export has no such id (document F2 not used)" },
    ]);
    expect(ledger.sources[1]).toMatchObject({ rows_read: 2, rows_used: 1, rows_rejected: 1 });
    expect(ledger.sources[0]).toMatchObject({ rows_read: 1, rows_used: 1, rows_rejected: 0 });
  });

  it("with a customers file, a payment of an unknown customer is rejected", () => {
    const ledger = buildLedger(input({
      customers: [customer("C001", 2)],
      documents: [doc("C001", "F1", 2)],
      payments: [payment("C404", "F1", 5)],
      sources: [summary(PAY_FILE, "payments", 1)],
    }));
    expect(ledger.payments).toEqual([]);
    expect(ledger.rejected).toEqual([
      { file: PAY_FILE, line: 5, column: null, value: "C404", reason: "unknown customer C404: the customers export has no such id (payment not used)" },
    ]);
    expect(ledger.sources[0]).toMatchObject({ rows_read: 1, rows_used: 0, rows_rejected: 1 });
  });

  it("without a customers file, customers are derived from documents and payments, named when a name is known", () => {
    const ledger = buildLedger(input({
      documents: [doc("C001", "F1", 2, { customer_name: "Alpha SARL" }), doc("C002", "F2", 3), doc("C001", "F3", 4)],
      payments: [payment("C003", null, 2, { customer_name: "Gamma BV" })],
    }));
    expect(ledger.customers.map((c) => [c.customer_id, c.name, c.source, c.payment_terms_days])).toEqual([
      ["C001", "Alpha SARL", null, null],
      ["C002", "C002", null, null],
      ["C003", "Gamma BV", null, null],
    ]);
    expect(ledger.rejected).toEqual([]);
  });

  it("a customer repeated identically is merged; with different content rejected", () => {
    const ledger = buildLedger(input({
      customers: [customer("C001", 2), customer("C001", 5), customer("C001", 8, { name: "Other" })],
      sources: [summary(CUSTOMERS_FILE, "customers", 3)],
    }));
    expect(ledger.customers.length).toBe(1);
    expect(ledger.warnings).toEqual([
      { code: "duplicate-merged", file: CUSTOMERS_FILE, line: 5, column: null, message: "customer C001 repeated (same as line 2); counted once" },
    ]);
    expect(ledger.rejected).toEqual([
      { file: CUSTOMERS_FILE, line: 8, column: null, value: "C001", reason: "duplicate customer id C001 with different content (first at line 2)" },
    ]);
    expect(ledger.sources[0]).toMatchObject({ rows_read: 3, rows_used: 2, rows_rejected: 1 });
  });
});

describe("buildLedger: missing due dates", () => {
  it("derived from the customer's payment terms, marked estimated, with a warning", () => {
    const ledger = buildLedger(input({
      customers: [customer("C003", 2, { payment_terms_days: 45 })],
      documents: [doc("C003", "F2025-0002", 4, { issue_date: d("2025-09-03"), due_date: null })],
    }));
    expect(ledger.documents[0]).toMatchObject({ due_date: d("2025-10-18"), due_date_estimated: true });
    expect(ledger.warnings).toEqual([
      { code: "due-date-derived", file: DOCS_FILE, line: 4, column: null, message: "document F2025-0002: no due date; 2025-10-18 derived from the customer's 45-day terms" },
    ]);
  });

  it("30 days when the customer has no terms (or is derived)", () => {
    expect(DEFAULT_TERMS_DAYS).toBe(30);
    const ledger = buildLedger(input({
      customers: [customer("C012", 2, { payment_terms_days: null })],
      documents: [doc("C012", "F2025-0033", 4, { issue_date: d("2026-10-01"), due_date: null })],
    }));
    expect(ledger.documents[0]).toMatchObject({ due_date: d("2026-10-31"), due_date_estimated: true });
    expect(ledger.warnings[0]!.message).toBe("document F2025-0033: no due date; 2026-10-31 derived from the default 30 days");

    const derived = buildLedger(input({ documents: [doc("C026", "F2026-0224", 4, { issue_date: d("2026-02-10"), due_date: null })] }));
    expect(derived.documents[0]!.due_date).toBe(d("2026-03-12"));
  });

  it("terms of 0 days are terms, not missing", () => {
    const ledger = buildLedger(input({
      customers: [customer("C001", 2, { payment_terms_days: 0 })],
      documents: [doc("C001", "F1", 3, { issue_date: d("2026-05-05"), due_date: null })],
    }));
    expect(ledger.documents[0]!.due_date).toBe(d("2026-05-05"));
  });

  it("a given due date is kept and not estimated; the ledger document keeps no customer name", () => {
    const ledger = buildLedger(input({ documents: [doc("C001", "F1", 2, { customer_name: "Alpha" })] }));
    expect(ledger.documents[0]).toEqual({
      customer_id: "C001", invoice_id: "F1", kind: "invoice", issue_date: d("2026-09-01"), due_date: d("2026-10-01"), due_date_estimated: false,
      amount: 100_00, open_amount: 100_00, paid_date: null, disputed: false, currency: "EUR", reference: null, source: { file: DOCS_FILE, line: 2 },
      customer_name: null,
    });
    expect(ledger.warnings).toEqual([]);
  });

  it("a due date before the issue date is warned", () => {
    const ledger = buildLedger(input({ documents: [doc("C001", "F1", 2, { issue_date: d("2026-09-10"), due_date: d("2026-09-01") })] }));
    expect(ledger.warnings).toEqual([
      { code: "due-before-issue", file: DOCS_FILE, line: 2, column: null, message: "document F1: due date 2026-09-01 is before its issue date 2026-09-10" },
    ]);
  });
});

describe("buildLedger: payments", () => {
  it("a payment without customer is given the customer of its invoice", () => {
    const ledger = buildLedger(input({ documents: [doc("C001", "F1", 2), doc("C002", "F2", 3)], payments: [payment(null, "F2", 4)] }));
    expect(ledger.payments).toEqual([{ customer_id: "C002", invoice_id: "F2", date: d("2026-10-05"), amount: 40_00, currency: "EUR", source: { file: PAY_FILE, line: 4 } }]);
    expect(ledger.warnings).toEqual([]);
  });

  it("gives their customers to 200k payments naming only their invoice (a mid-size payments export held whole)", () => {
    const n = 200_000;
    const documents = Array.from({ length: n }, (_, i) => doc(`C${i % 500}`, `F${i}`, i + 2));
    const payments = Array.from({ length: n }, (_, i) => payment(null, `F${i}`, i + 2));
    const ledger = buildLedger(input({ documents, payments }));
    expect(ledger.payments.length).toBe(n);
    expect(ledger.payments[n - 1]).toMatchObject({ customer_id: `C${(n - 1) % 500}`, invoice_id: `F${n - 1}` });
    expect(ledger.rejected).toEqual([]);
  });

  it("an invoice number several customers have is ambiguous: rejected", () => {
    const ledger = buildLedger(input({
      documents: [doc("C001", "F1", 2), doc("C002", "F1", 3)],
      payments: [payment(null, "F1", 6)],
      sources: [summary(PAY_FILE, "payments", 1)],
    }));
    expect(ledger.payments).toEqual([]);
    expect(ledger.rejected).toEqual([
      { file: PAY_FILE, line: 6, column: null, value: "F1", reason: "payment for invoice number F1, which several customers have (C001, C002); give the customer id" },
    ]);
    expect(ledger.sources[0]).toMatchObject({ rows_read: 1, rows_used: 0, rows_rejected: 1 });
  });

  it("an invoice no document has, and no customer: rejected", () => {
    const ledger = buildLedger(input({ documents: [doc("C001", "F1", 2)], payments: [payment(null, "F9", 3)] }));
    expect(ledger.rejected).toEqual([
      { file: PAY_FILE, line: 3, column: null, value: "F9", reason: "payment for invoice F9, which no document has, and no customer id" },
    ]);
  });

  it("a payment of a known customer naming an unknown invoice is kept with a warning", () => {
    const ledger = buildLedger(input({ documents: [doc("C001", "F1", 2)], payments: [payment("C001", "F9", 3)] }));
    expect(ledger.payments.map((p) => p.invoice_id)).toEqual(["F9"]);
    expect(ledger.warnings).toEqual([
      { code: "unknown-payment", file: PAY_FILE, line: 3, column: null, message: "payment of customer C001 names invoice F9, which the documents do not have; counted as unallocated credit" },
    ]);
  });

  it("an unallocated payment (no invoice) of a known customer is kept silently", () => {
    const ledger = buildLedger(input({ documents: [doc("C001", "F1", 2)], payments: [payment("C001", null, 3)] }));
    expect(ledger.payments.length).toBe(1);
    expect(ledger.warnings).toEqual([]);
  });
});

describe("buildLedger: warnings", () => {
  it("a customer billed in two currencies", () => {
    const ledger = buildLedger(input({
      documents: [doc("C002", "F1", 2), doc("C002", "F2", 3, { currency: "USD" }), doc("C009", "F3", 4, { currency: "GBP" })],
    }));
    expect(ledger.warnings).toEqual([
      { code: "mixed-currencies", file: null, line: null, column: null, message: "customer C002 is billed in EUR and USD; its metrics are given per currency" },
    ]);
  });

  it("a credit note referring to an invoice the customer does not have", () => {
    const ledger = buildLedger(input({
      documents: [
        doc("C001", "F1", 2),
        doc("C001", "A1", 3, { kind: "credit_note", amount: -20_00, open_amount: 0, reference: "F1" }),
        doc("C001", "A2", 4, { kind: "credit_note", amount: -30_00, open_amount: 0, reference: "F404" }),
        // F2 exists, but for another customer
        doc("C002", "F2", 5),
        doc("C003", "A3", 6, { kind: "credit_note", amount: -5_00, open_amount: 0, reference: "F2" }),
        // no reference, and the customer has no invoice at all
        doc("C004", "A4", 7, { kind: "credit_note", amount: -5_00, open_amount: -5_00 }),
      ],
    }));
    expect(ledger.warnings.map((w) => [w.code, w.line, w.message])).toEqual([
      ["credit-note-unmatched", 4, "credit note A2 refers to invoice F404, which customer C001 does not have"],
      ["credit-note-unmatched", 6, "credit note A3 refers to invoice F2, which customer C003 does not have"],
      ["credit-note-unmatched", 7, "credit note A4: customer C004 has no invoice in the export"],
    ]);
  });

  it("a document issued after asOf is warned; on asOf itself it is not", () => {
    const ledger = buildLedger(input({
      documents: [doc("C001", "F1", 2, { issue_date: d("2026-10-31"), due_date: d("2026-11-30") }), doc("C001", "F2", 3, { issue_date: d("2026-11-02"), due_date: d("2026-12-02") })],
      asOf: d("2026-10-31"),
    }));
    expect(ledger.warnings).toEqual([
      { code: "future-dated", file: DOCS_FILE, line: 3, column: null, message: "document F2 is issued on 2026-11-02, after the as-of date 2026-10-31; it is ignored until then" },
    ]);
    expect(ledger.documents.length).toBe(2);
  });

  it("no asOf, no future-dated warning", () => {
    const ledger = buildLedger(input({ documents: [doc("C001", "F1", 2, { issue_date: d("2099-01-01"), due_date: d("2099-01-31") })] }));
    expect(codes(ledger.warnings)).toEqual([]);
  });

  it("warnings and rejections given by the readers are kept first", () => {
    const earlier = { code: "sign-normalised" as const, file: DOCS_FILE, line: 9, column: "Montant", message: "x" };
    const rejectedEarlier = { file: DOCS_FILE, line: 10, column: "Date", value: "31/02/2026", reason: "issue_date: not a valid date" };
    const ledger = buildLedger(input({
      documents: [doc("C001", "F1", 2, { due_date: null })],
      warnings: [earlier],
      rejected: [rejectedEarlier],
    }));
    expect(codes(ledger.warnings)).toEqual(["sign-normalised", "due-date-derived"]);
    expect(ledger.rejected).toEqual([rejectedEarlier]);
  });
});

describe("buildLedger: source summaries", () => {
  it("rows_read = rows_used + rows_rejected after every kind of demotion, per file", () => {
    const sources = [
      { file: CUSTOMERS_FILE, role: "customers" as const, rows_read: 3, rows_used: 3, rows_rejected: 0, rows_skipped: 0 },
      // the reader already rejected 1 row of 6 and skipped 2 layout rows
      { file: DOCS_FILE, role: "invoices" as const, rows_read: 6, rows_used: 5, rows_rejected: 1, rows_skipped: 2 },
      { file: PAY_FILE, role: "payments" as const, rows_read: 4, rows_used: 4, rows_rejected: 0, rows_skipped: 0 },
    ];
    const ledger = buildLedger(input({
      customers: [customer("C001", 2), customer("C002", 3), customer("C002", 4, { name: "clash" })],
      documents: [
        doc("C001", "F1", 2),
        doc("C001", "F1", 3), // merged
        doc("C001", "F1", 4, { amount: 1 }), // rejected: duplicate with other content
        doc("C777", "F7", 5), // rejected: unknown customer
        doc("C002", "F1", 6),
      ],
      payments: [
        payment("C001", "F1", 2),
        payment(null, "F1", 3), // rejected: ambiguous
        payment(null, "F8", 4), // rejected: unknown invoice
        payment("C888", null, 5), // rejected: unknown customer
      ],
      sources,
    }));
    expect(ledger.sources).toEqual([
      { file: CUSTOMERS_FILE, role: "customers", rows_read: 3, rows_used: 2, rows_rejected: 1, rows_skipped: 0 },
      { file: DOCS_FILE, role: "invoices", rows_read: 6, rows_used: 3, rows_rejected: 3, rows_skipped: 2 },
      { file: PAY_FILE, role: "payments", rows_read: 4, rows_used: 1, rows_rejected: 3, rows_skipped: 0 },
    ]);
    for (const s of ledger.sources) expect(s.rows_used + s.rows_rejected).toBe(s.rows_read);
    expect(ledger.rejected.length).toBe(1 + 2 + 3);
    // the input summaries are not mutated
    expect(sources[1]).toEqual({ file: DOCS_FILE, role: "invoices", rows_read: 6, rows_used: 5, rows_rejected: 1, rows_skipped: 2 });
  });
});
